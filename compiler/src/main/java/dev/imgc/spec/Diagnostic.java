package dev.imgc.spec;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem, under a stable rule id: found in a spec file at a place in it, or, for a problem that
 * has no place in any file (an image that cannot be fetched, a missing bootloader file), with an empty
 * file name ({@link #unplaced}).
 */
public record Diagnostic(String file, Position position, Severity severity, Rule rule, String message) {
  /** File, then place in the file, then rule: the order diagnostics are reported in. */
  public static final Comparator<Diagnostic> IN_SOURCE_ORDER =
      Comparator.comparing(Diagnostic::file)
          .thenComparingInt((Diagnostic d) -> d.position().line())
          .thenComparingInt(d -> d.position().column())
          .thenComparing(d -> d.rule().id())
          .thenComparing(Diagnostic::message);

  public Diagnostic {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }

  /** A problem with no place in a spec file. */
  public static Diagnostic unplaced(Severity severity, Rule rule, String message) {
    return new Diagnostic("", Position.START, severity, rule, message);
  }

  /** Whether this problem is at a place in a file, or {@link #unplaced}. */
  public boolean isPlaced() {
    return !file.isEmpty();
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
