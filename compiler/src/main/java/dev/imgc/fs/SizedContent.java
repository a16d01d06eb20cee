package dev.imgc.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streams content whose size a writer has already recorded in a header, and fails if the bytes
 * turn out to have another length: the header would then describe the wrong data.
 */
public final class SizedContent {
  private SizedContent() {}

  /** Copies {@code content} to {@code out}; {@code name} names it in the error. Returns the size. */
  public static long copy(String name, long size, Content content, OutputStream out) throws IOException {
    long copied;
    try (InputStream in = content.open()) {
      copied = in.transferTo(out);
    }
    if (copied != size) {
      throw new IOException(name + " changed while it was written: expected " + size + " bytes, read " + copied);
    }
    return copied;
  }
}
