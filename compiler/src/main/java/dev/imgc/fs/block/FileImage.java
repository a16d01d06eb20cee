package dev.imgc.fs.block;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image already written to a file (a squashfs a writer streamed into a channel of its own), placed
 * inside another image as it is: its size is the file's, and its blocks of zeros stay holes.
 */
public record FileImage(Path file, long size) implements ImageWriter {
  /** The image in {@code file}, as large as the file is now. */
  public static FileImage of(Path file) throws IOException {
    return new FileImage(file, Files.size(file));
  }

  @Override
  public void writeTo(ImageSink sink) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      sink.copy(in, size, file.getFileName().toString());
    }
  }
}
