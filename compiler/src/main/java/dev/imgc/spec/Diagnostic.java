package dev.imgc.spec;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem, under a stable rule id: found in a spec file at a place in it, or, for a problem that
 * has no place in any file (an image that cannot be fetched, a missing bootloader file), with an empty
 * file name ({@link #unplaced}).
 */
public record Diagnostic(String file, Position position, Severity severity, Rule rule, String message) {
  /** File, then place in the file, then rule, then message: the order diagnostics are reported in. */
  public static final Comparator<Diagnostic> IN_SOURCE_ORDER = new InSourceOrder();

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

  /**
   * Written out rather than composed from {@code Comparator.comparing}: every lint sorts its
   * diagnostics, and the composed form's lambdas (the JDK's own among them, which the start-up archive
   * does not hold) are each linked by interpreted code at start-up.
   */
  private static final class InSourceOrder implements Comparator<Diagnostic> {
    @Override
    public int compare(Diagnostic a, Diagnostic b) {
      int order = a.file.compareTo(b.file);
      if (order == 0) {
        order = Integer.compare(a.position.line(), b.position.line());
      }
      if (order == 0) {
        order = Integer.compare(a.position.column(), b.position.column());
      }
      if (order == 0) {
        order = a.rule.id().compareTo(b.rule.id());
      }
      return order != 0 ? order : a.message.compareTo(b.message);
    }
  }
}
