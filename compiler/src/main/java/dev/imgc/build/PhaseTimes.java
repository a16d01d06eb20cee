package dev.imgc.build;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The wall time of a command's phases, for {@code --timings}: where a slow build spends its time. */
public final class PhaseTimes {
  private record Phase(String name, Duration took) {}

  private final List<Phase> phases = new ArrayList<>();
  private long mark = System.nanoTime();

  /** Ends the phase running since the last call (or since this was made), naming it {@code name}. */
  public void end(String name) {
    long now = System.nanoTime();
    phases.add(new Phase(name, Duration.ofNanos(now - mark)));
    mark = now;
  }

  /** One line: each phase's seconds ({@code imgc: timings: check 0.091 s, plan 0.227 s}), without a newline. */
  public String line() {
    StringBuilder line = new StringBuilder("imgc: timings:");
    for (Phase phase : phases) {
      line.append(' ').append(phase.name()).append(' ').append(seconds(phase.took())).append(',');
    }
    line.setLength(line.length() - 1);
    return line.toString();
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
  }
}
