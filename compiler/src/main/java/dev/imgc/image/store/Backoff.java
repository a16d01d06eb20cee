package dev.imgc.image.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/** The wait between attempts of a network transfer: 0.5 s, 1 s, 2 s, … (bounded by the attempt count). */
public final class Backoff {
  private Backoff() {}

  public static void pause(int attempt) throws IOException {
    sleep(delay(attempt));
  }

  /** The wait after failed attempt number {@code attempt} (from 1) when the server asked for none. */
  public static Duration delay(int attempt) {
    return Duration.ofMillis(500L << Math.min(attempt - 1, 5));
  }

  public static void sleep(Duration wait) throws IOException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
