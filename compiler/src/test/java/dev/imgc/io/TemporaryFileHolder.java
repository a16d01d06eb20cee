package dev.imgc.io;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in its own JVM by {@link TemporaryFilesTest}: makes a temporary file in the directory its
 * argument names, prints {@code ready}, then sweeps the directory each time it reads a line
 * ({@code swept} after each), until it is stopped or its input ends.
 */
public final class TemporaryFileHolder {
  private TemporaryFileHolder() {}

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    Path file = TemporaryFiles.in(directory).createFile("held-", ".tmp");
    Files.writeString(file, "written by a live process");
    System.out.println("ready");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      TemporaryFiles.sweep(directory);
      System.out.println("swept");
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
