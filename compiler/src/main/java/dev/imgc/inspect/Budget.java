package dev.imgc.inspect;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** What one listing has spent of its {@link ReadBounds}: entries, and bytes decompressed or read again. */
final class Budget {
  private final ReadBounds bounds;
  private final long expansionLimit;
  private long entries;
  private long expanded;

  Budget(ReadBounds bounds, long artifactSize) {
    this.bounds = bounds;
    this.expansionLimit = bounds.expansionLimit(artifactSize);
  }

  int maxDepth() {
    return bounds.maxDepth();
  }

  void entry() throws BoundException {
    if (++entries > bounds.maxEntries()) {
      throw new BoundException("holds more than " + bounds.maxEntries() + " entries, more than imgc lists;"
          + " it is not an artifact imgc made, or it is hostile");
    }
  }

  /** Spends {@code count} bytes that were decompressed, or read again to list a nested artifact. */
  void expand(long count) throws BoundException {
    expanded += count;
    if (expanded > expansionLimit) {
      throw new BoundException("expands to more than " + expansionLimit + " bytes when decompressed and nested"
          + " artifacts are read (" + bounds.expansionFactor() + " times its size plus " + bounds.expansionAllowance()
          + "): it is a decompression bomb or nests itself");
    }
  }

  /** {@code decompressed} with every byte read from it spent. */
  InputStream counting(InputStream decompressed) {
    return new FilterInputStream(decompressed) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          expand(1);
        }
        return b;
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        int n = super.read(bytes, offset, length);
        if (n > 0) {
          expand(n);
        }
        return n;
      }

      @Override
      public long skip(long count) throws IOException {
        long n = super.skip(count);
        expand(n);
        return n;
      }
    };
  }
}
