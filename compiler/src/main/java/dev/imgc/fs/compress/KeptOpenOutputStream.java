package dev.imgc.fs.compress;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes on and only flushes when closed, leaving the stream it writes to open: for a stream
 * that ends a part of what is written (a compressor's trailer, one archive of several) while the
 * stream under it goes on.
 */
public final class KeptOpenOutputStream extends FilterOutputStream {
  public KeptOpenOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
