package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;

/** A stream that reads in chunks; a single-byte read is a one-byte chunk. */
abstract class BulkInputStream extends InputStream {
  @Override
  public abstract int read(byte[] bytes, int offset, int length) throws IOException;

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }
}
