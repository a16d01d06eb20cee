package dev.imgc.image.registry;

import java.io.IOException;
import java.io.InputStream;

/**
 * The next {@code length} bytes of a stream, read as a stream of their own: closing it leaves the
 * stream it reads open, for the next chunk. Ends early, with an exception, if the stream does.
 */
final class ChunkInputStream extends InputStream {
  private final InputStream in;
  private long remaining;

  ChunkInputStream(InputStream in, long length) {
    this.in = in;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n < 0) {
      throw new java.io.EOFException(remaining + " bytes of the blob were missing at its end");
    }
    remaining -= n;
    return n;
  }

  @Override
  public void close() {
    // The chunk ends; the stream it is cut from goes on.
  }
}
