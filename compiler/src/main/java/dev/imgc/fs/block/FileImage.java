package dev.imgc.fs.block;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image already written to a file, placed inside another as it is: the filesystem of a writer that
 * writes at positions of its own (erofs, squashfs) put in a partition. Runs of zeros stay holes.
 */
public record FileImage(Path file, long size) implements ImageWriter {
  /** The image in {@code file}, as long as the file is now. */
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
