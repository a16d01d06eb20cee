package dev.imgc.cli;

import dev.imgc.image.store.Progress;
import java.io.PrintStream;

/** Shows a transfer's progress on one rewritten line of stderr, only when imgc runs on a terminal. */
final class ConsoleProgress implements Progress {
  private final PrintStream out;
  private String what = "";
  private long total;
  private long done;
  private long shownAt;

  private ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  static Progress forTerminal() {
    return System.console() != null ? new ConsoleProgress(System.err) : Progress.NONE;
  }

  @Override
  public void start(String what, long total) {
    this.what = what.length() > 60 ? what.substring(0, 60) + "…" : what;
    this.total = total;
    this.done = 0;
    this.shownAt = 0;
    show();
  }

  @Override
  public void advance(long bytes) {
    done += bytes;
    if (done - shownAt >= 1 << 20) {
      shownAt = done;
      show();
    }
  }

  @Override
  public void done() {
    show();
    out.print("\r\033[K");
    out.flush();
  }

  private void show() {
    String amount = total > 0 ? ImageLsCommand.size(done) + " / " + ImageLsCommand.size(total) : ImageLsCommand.size(done);
    out.print("\r\033[K" + what + "  " + amount);
    out.flush();
  }
}
