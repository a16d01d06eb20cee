package dev.imgc.cli;

import dev.imgc.image.store.Progress;
import java.io.PrintStream;

/**
 * Progress for a log (stderr is not a terminal): one line for each step that took more than a
 * second, when it ends; verbose, a line for every step and every phase.
 */
final class PlainProgress implements Progress {
  private static final long LONG_NANOS = 1_000_000_000L;

  private final PrintStream out;
  private final boolean verbose;
  private Step step;

  PlainProgress(PrintStream out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  @Override
  public synchronized void start(String what, long total) {
    step = new Step(what, total);
  }

  @Override
  public synchronized void advance(long bytes) {
    if (step != null) {
      step.advance(bytes);
    }
  }

  @Override
  public synchronized void done() {
    if (step != null && (verbose || step.elapsedNanos() >= LONG_NANOS)) {
      out.println("imgc: " + step.summary());
      out.flush();
    }
    step = null;
  }

  @Override
  public synchronized void phase(String description) {
    if (verbose) {
      out.println("imgc: " + description);
      out.flush();
    }
  }
}
