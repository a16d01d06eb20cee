package dev.imgc.boot.init;

import java.util.Map;
import java.util.Optional;

/**
 * OCI {@code process.rlimits} as busybox ash's {@code ulimit}: its option letter per limit, and
 * values in the unit ash counts in (KiB, 512-byte blocks or as given).
 */
final class Rlimits {
  /** The value OCI writes for "no limit" (2^64 - 1, as Go's uint64 prints it). */
  private static final String UNLIMITED = "18446744073709551615";

  private record Letter(char option, long unit) {}

  private static final Map<String, Letter> LETTERS = Map.ofEntries(
      Map.entry("RLIMIT_CORE", new Letter('c', 512)),
      Map.entry("RLIMIT_DATA", new Letter('d', 1024)),
      Map.entry("RLIMIT_NICE", new Letter('e', 1)),
      Map.entry("RLIMIT_FSIZE", new Letter('f', 512)),
      Map.entry("RLIMIT_SIGPENDING", new Letter('i', 1)),
      Map.entry("RLIMIT_MEMLOCK", new Letter('l', 1024)),
      Map.entry("RLIMIT_RSS", new Letter('m', 1024)),
      Map.entry("RLIMIT_NOFILE", new Letter('n', 1)),
      Map.entry("RLIMIT_MSGQUEUE", new Letter('q', 1)),
      Map.entry("RLIMIT_RTPRIO", new Letter('r', 1)),
      Map.entry("RLIMIT_STACK", new Letter('s', 1024)),
      Map.entry("RLIMIT_CPU", new Letter('t', 1)),
      Map.entry("RLIMIT_NPROC", new Letter('u', 1)),
      Map.entry("RLIMIT_AS", new Letter('v', 1024)),
      Map.entry("RLIMIT_LOCKS", new Letter('x', 1)));

  private Rlimits() {}

  /**
   * The line setting one limit, or empty for a type ash cannot set. The soft limit is set before and
   * after the hard one, so that the pair can be lowered or raised from any current value.
   */
  static Optional<String> ulimit(String type, String soft, String hard) {
    Letter letter = LETTERS.get(type);
    if (letter == null) {
      return Optional.empty();
    }
    String s = value(soft, letter.unit());
    String h = value(hard, letter.unit());
    String option = "-" + letter.option();
    return Optional.of("ulimit -S " + option + " " + s + " 2>/dev/null; ulimit -H " + option + " " + h
        + "; ulimit -S " + option + " " + s);
  }

  private static String value(String raw, long unit) {
    if (raw.equals(UNLIMITED) || raw.equals("-1")) {
      return "unlimited";
    }
    return Long.toUnsignedString(Long.divideUnsigned(Long.parseUnsignedLong(raw), unit));
  }
}
