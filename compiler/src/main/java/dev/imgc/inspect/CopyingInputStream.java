package dev.imgc.inspect;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A stream that copies what is read through it to an output: a captured file's content as it is listed. */
final class CopyingInputStream extends FilterInputStream {
  private final OutputStream copy;

  CopyingInputStream(InputStream in, OutputStream copy) {
    super(in);
    this.copy = copy;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      copy.write(b);
    }
    return b;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    int n = in.read(bytes, offset, length);
    if (n > 0) {
      copy.write(bytes, offset, n);
    }
    return n;
  }

  /** Skipped bytes are read and copied. */
  @Override
  public long skip(long count) throws IOException {
    byte[] buffer = new byte[(int) Math.min(8192, Math.max(0, count))];
    return Math.max(0, read(buffer, 0, buffer.length));
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
