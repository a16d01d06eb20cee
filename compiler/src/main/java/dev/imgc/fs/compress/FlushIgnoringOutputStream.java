package dev.imgc.fs.compress;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes and {@code close()} to a compressor but not {@code flush()}: a flush ends a zstd job or
 * an xz chunk early, so the compressed bytes would depend on when a writer flushed and not only on
 * the bytes written.
 */
final class FlushIgnoringOutputStream extends FilterOutputStream {
  FlushIgnoringOutputStream(OutputStream compressor) {
    super(compressor);
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    out.write(bytes, offset, count);
  }

  @Override
  public void flush() {
    // deliberately nothing: see the class comment
  }
}
