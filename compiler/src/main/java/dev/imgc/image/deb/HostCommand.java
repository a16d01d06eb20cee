package dev.imgc.image.deb;

import dev.imgc.image.ImageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs one of the host's apt tools and returns what it printed; a failure is one sentence with its stderr. */
final class HostCommand {
  private HostCommand() {}

  /** The result of a command that ran: its exit status and output. */
  record Result(int status, String stdout, String stderr) {}

  static Result run(Path directory, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().put("LC_ALL", "C");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      String stdout = readAll(process.getInputStream());
      return new Result(process.waitFor(), stdout, stderr.join());
    } catch (IOException e) {
      throw new ImageException("deb: sources need the host's " + command.get(0)
          + " (Debian or Ubuntu), which could not be run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException(command.get(0) + " was interrupted", e);
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
