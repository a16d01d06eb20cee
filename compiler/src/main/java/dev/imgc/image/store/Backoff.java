package dev.imgc.image.store;

import java.io.IOException;
import java.io.InterruptedIOException;

/** The wait between attempts of a network transfer: 0.5 s, 1 s, 2 s, … (bounded by the attempt count). */
public final class Backoff {
  private Backoff() {}

  public static void pause(int attempt) throws IOException {
    try {
      Thread.sleep(500L << Math.min(attempt - 1, 5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
