package dev.imgc.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * Skipping by reading, for streams that must see every byte they pass over (to hash or check it):
 * {@code FilterInputStream.skip} would hand the skip to the stream underneath, past the check.
 */
public final class SkipByReading {
  private SkipByReading() {}

  /** Reads and drops up to {@code n} bytes of {@code in} through its own {@code read}; returns how many. */
  public static long skip(InputStream in, long n) throws IOException {
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }
}
