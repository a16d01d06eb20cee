package dev.imgc.cli;

import java.util.Locale;

/** One step of long work as the console shows it: what it is, its bytes so far and in all, its pace. */
final class Step {
  private final String what;
  private final long total;
  private final long startedAt = System.nanoTime();
  private long done;

  /** @param total the step's bytes, or -1 if unknown */
  Step(String what, long total) {
    this.what = what;
    this.total = total;
  }

  void advance(long bytes) {
    done += bytes;
  }

  String what() {
    return what;
  }

  long elapsedNanos() {
    return System.nanoTime() - startedAt;
  }

  /** Bytes so far, of how many if known: {@code 12.3 MB / 29.1 MB}. */
  String amount() {
    return total > 0 ? ImageLsCommand.size(done) + " / " + ImageLsCommand.size(total) : ImageLsCommand.size(done);
  }

  /** The share done, 0 to 1, or -1 when the total is unknown. */
  double fraction() {
    return total > 0 ? Math.min(1, (double) done / total) : -1;
  }

  String rate() {
    return ImageLsCommand.size(bytesPerSecond()) + "/s";
  }

  /** The time left at the pace so far ({@code 1:05}), or empty when it cannot be told. */
  String eta() {
    long pace = bytesPerSecond();
    if (total <= 0 || pace <= 0 || done >= total) {
      return "";
    }
    long seconds = (total - done + pace - 1) / pace;
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }

  /** The line a finished step leaves: {@code layer sha256:… : 29.1 MB in 1.2 s (24.2 MB/s)}. */
  String summary() {
    return what + ": " + ImageLsCommand.size(done) + " in "
        + String.format(Locale.ROOT, "%.1f s", elapsedNanos() / 1e9) + " (" + rate() + ")";
  }

  private long bytesPerSecond() {
    long nanos = elapsedNanos();
    return nanos <= 0 ? 0 : (long) (done * 1e9 / nanos);
  }
}
