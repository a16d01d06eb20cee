package dev.imgc.inspect;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream whose {@code skip} skips all it is asked to unless the stream ends. Commons Compress
 * takes a short skip for a truncated archive, and a buffered or decompressing stream may skip less
 * than asked even in the middle of the data.
 */
final class FullySkipping extends FilterInputStream {
  private final byte[] discard = new byte[8192];

  FullySkipping(InputStream in) {
    super(in);
  }

  @Override
  public long skip(long count) throws IOException {
    long skipped = 0;
    while (skipped < count) {
      int n = in.read(discard, 0, (int) Math.min(discard.length, count - skipped));
      if (n < 0) {
        break;
      }
      skipped += n;
    }
    return skipped;
  }
}
