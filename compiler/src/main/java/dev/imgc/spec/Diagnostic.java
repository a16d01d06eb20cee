package dev.imgc.spec;

import java.util.Comparator;
import java.util.Objects;

/** One problem found in a spec file, at a place in it, under a stable rule id. */
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

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
