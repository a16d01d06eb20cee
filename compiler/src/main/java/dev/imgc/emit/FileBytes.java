package dev.imgc.emit;

import dev.imgc.fs.Content;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of one file the appliance brings (a kernel, a microcode cpio): their size, which the
 * writers record in headers before streaming, and where to read them.
 */
public record FileBytes(long size, Content content) {
  public FileBytes {
    if (size < 0) {
      throw new IllegalArgumentException("a file's size cannot be negative: " + size);
    }
  }

  /** The bytes of a file on this host, read when a writer streams them. */
  public static FileBytes of(Path file) throws IOException {
    return new FileBytes(Files.size(file), () -> Files.newInputStream(file));
  }
}
