package dev.imgc.cli;

import dev.imgc.image.store.Progress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Progress on a terminal: a step that lasts more than a second is drawn as a bar on one rewritten
 * line of stderr (what, bytes, rate, time left) and wiped when it ends. Verbose, every finished step
 * and every phase also leaves a line.
 */
final class ConsoleProgress implements Progress {
  private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR = 20;
  /** The fewest columns the step's name is given before the bar is left out. */
  private static final int MIN_WHAT = 30;

  private final PrintStream out;
  private final boolean verbose;
  private final IntSupplier columns;
  private int width;
  private Step step;
  private long drawnAt;
  private boolean drawn;

  /** @param columns tells the terminal's width, asked once, when the first bar is drawn */
  ConsoleProgress(PrintStream out, boolean verbose, IntSupplier columns) {
    this.out = out;
    this.verbose = verbose;
    this.columns = columns;
  }

  @Override
  public synchronized void start(String what, long total) {
    step = new Step(what, total);
    drawn = false;
  }

  @Override
  public synchronized void advance(long bytes) {
    if (step == null) {
      return;
    }
    step.advance(bytes);
    long now = System.nanoTime();
    if (step.elapsedNanos() >= SHOW_AFTER_NANOS && now - drawnAt >= REDRAW_NANOS) {
      drawnAt = now;
      draw();
    }
  }

  @Override
  public synchronized void done() {
    if (step == null) {
      return;
    }
    wipe();
    if (verbose) {
      out.println("imgc: " + step.summary());
    }
    out.flush();
    step = null;
  }

  @Override
  public synchronized void phase(String description) {
    if (verbose) {
      wipe();
      out.println("imgc: " + description);
      out.flush();
    }
  }

  private void wipe() {
    if (drawn) {
      out.print("\r\033[K");
      drawn = false;
    }
  }

  /** {@code what  [####------]  42%  12.3 MB / 29.1 MB  4.1 MB/s  ETA 0:04}, the bar left out on a narrow terminal. */
  private void draw() {
    if (width == 0) {
      width = columns.getAsInt();
    }
    StringBuilder figures = new StringBuilder();
    double fraction = step.fraction();
    if (fraction >= 0) {
      figures.append(String.format(Locale.ROOT, "  %3d%%", Math.round(fraction * 100)));
    }
    figures.append("  ").append(step.amount()).append("  ").append(step.rate());
    String eta = step.eta();
    if (!eta.isEmpty()) {
      figures.append("  ETA ").append(eta);
    }
    String bar = "";
    if (fraction >= 0 && width - 1 - figures.length() - (BAR + 4) >= MIN_WHAT) {
      int filled = (int) Math.round(fraction * BAR);
      bar = "  [" + "#".repeat(filled) + "-".repeat(BAR - filled) + "]";
    }
    int room = Math.max(MIN_WHAT, width - 1 - figures.length() - bar.length());
    String what = step.what().length() > room ? step.what().substring(0, room - 1) + "…" : step.what();
    out.print("\r\033[K" + what + bar + figures);
    out.flush();
    drawn = true;
  }
}
