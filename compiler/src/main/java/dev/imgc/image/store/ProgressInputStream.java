package dev.imgc.image.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Tells a {@link Progress} of every byte read through it. */
public final class ProgressInputStream extends FilterInputStream {
  private final Progress progress;
  private final boolean endsStep;
  private boolean closed;

  /** Reports the bytes read as part of a step begun elsewhere. */
  public ProgressInputStream(InputStream in, Progress progress) {
    this(in, progress, false);
  }

  private ProgressInputStream(InputStream in, Progress progress, boolean endsStep) {
    super(in);
    this.progress = progress;
    this.endsStep = endsStep;
  }

  /** Begins the step of reading {@code in}, {@code total} bytes (or -1), which closing the stream ends. */
  public static InputStream step(InputStream in, Progress progress, String what, long total) {
    progress.start(what, total);
    return new ProgressInputStream(in, progress, true);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      progress.advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      progress.advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    progress.advance(skipped);
    return skipped;
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } finally {
      if (endsStep && !closed) {
        progress.done();
      }
      closed = true;
    }
  }
}
