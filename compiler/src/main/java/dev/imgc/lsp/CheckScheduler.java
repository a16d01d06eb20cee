package dev.imgc.lsp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.Diagnostic;

/**
 * Checks documents one at a time, on a thread of its own, a short while after their last change: a
 * change made before the check starts replaces it (so typing costs one check, not one a keystroke),
 * and a check that fails is reported and does not stop the next.
 */
final class CheckScheduler implements AutoCloseable {
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread t = new Thread(runnable, "imgc-lsp-checks");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  private final Supplier<Duration> delay;

  CheckScheduler(Supplier<Duration> delay) {
    this.delay = delay;
  }

  /** Checks the document {@code uri} after the delay, unless it changes again first; {@code publish} gets the results. */
  void schedule(String uri, Supplier<Map<String, List<Diagnostic>>> check, BiConsumer<String, List<Diagnostic>> publish) {
    ScheduledFuture<?> next = thread.schedule(() -> {
      pending.remove(uri);
      try {
        check.get().forEach(publish);
      } catch (RuntimeException | StackOverflowError e) {
        System.err.println("imgc lsp: checking " + uri + " failed (" + e + "); this is a bug in imgc: please report it with the spec");
      }
    }, delay.get().toMillis(), TimeUnit.MILLISECONDS);
    ScheduledFuture<?> earlier = pending.put(uri, next);
    if (earlier != null) {
      earlier.cancel(false);
    }
  }

  void cancel(String uri) {
    ScheduledFuture<?> earlier = pending.remove(uri);
    if (earlier != null) {
      earlier.cancel(false);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  /** Waits a few seconds at most for a check that was running when {@link #close} was called. */
  void awaitTermination() throws InterruptedException {
    thread.awaitTermination(5, TimeUnit.SECONDS);
  }
}
