package dev.imgc.build;

import dev.imgc.spec.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * What a phase of a build gave: its result, or none when it failed, and every diagnostic it reported
 * (the errors that stopped it, the warnings it went on with).
 */
public record Outcome<T>(Optional<T> result, List<Diagnostic> diagnostics) {
  public Outcome {
    diagnostics = List.copyOf(diagnostics);
  }

  static <T> Outcome<T> of(T result, List<Diagnostic> warnings) {
    return new Outcome<>(Optional.of(result), warnings);
  }

  static <T> Outcome<T> failed(List<Diagnostic> diagnostics) {
    return new Outcome<>(Optional.empty(), diagnostics);
  }

  static <T> Outcome<T> failed(Diagnostic diagnostic) {
    return failed(List.of(diagnostic));
  }
}
