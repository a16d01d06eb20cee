package dev.imgc.image.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body that fails when one read waits longer than the idle timeout: java.net.http bounds
 * the wait for a response's headers, but not the gaps while its body streams, so a server that stalls
 * mid-blob would block a read forever. A watchdog closes the stream under the blocked read, which
 * wakes it; the read then throws {@link HttpTimeoutException} with the message given. Time the
 * reader spends between reads (writing to disk, say) does not count.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "imgc-read-watchdog");
    thread.setDaemon(true);
    return thread;
  });

  private final long idleNanos;
  private final String timeoutMessage;
  private final ScheduledFuture<?> check;
  /** When the read in progress began, by {@link System#nanoTime()}; 0 while no read waits. */
  private volatile long readingSince;
  private volatile boolean timedOut;

  IdleTimeoutInputStream(InputStream in, Duration idle, String timeoutMessage) {
    super(in);
    this.idleNanos = idle.toNanos();
    this.timeoutMessage = timeoutMessage;
    long period = Math.max(5, Math.min(idle.toMillis() / 4, 1000));
    this.check = WATCHDOG.scheduleWithFixedDelay(this::closeIfStalled, period, period, TimeUnit.MILLISECONDS);
  }

  private void closeIfStalled() {
    long since = readingSince;
    if (since != 0 && System.nanoTime() - since > idleNanos) {
      timedOut = true;
      check.cancel(false);
      try {
        in.close();
      } catch (IOException e) {
        // the reader is woken with the timeout either way
      }
    }
  }

  @Override
  public int read() throws IOException {
    begin();
    try {
      return end(in.read());
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    begin();
    try {
      return end(in.read(buffer, offset, length));
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    begin();
    try {
      return end(in.skip(n));
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private void begin() throws IOException {
    if (timedOut) {
      throw new HttpTimeoutException(timeoutMessage);
    }
    readingSince = System.nanoTime();
  }

  /** What a read returned, unless the watchdog closed the stream under it: its end is then no real end. */
  private <T> T end(T result) throws IOException {
    readingSince = 0;
    if (timedOut) {
      throw new HttpTimeoutException(timeoutMessage);
    }
    return result;
  }

  private IOException failure(IOException e) {
    readingSince = 0;
    return timedOut ? new HttpTimeoutException(timeoutMessage) : e;
  }

  @Override
  public void close() throws IOException {
    check.cancel(false);
    readingSince = 0;
    in.close();
  }
}
