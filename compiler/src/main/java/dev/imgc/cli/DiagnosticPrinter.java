package dev.imgc.cli;

import dev.imgc.build.Outcome;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Prints what each phase of a build reported, as {@code imgc lint} prints it, and hands on the phase's result. */
final class DiagnosticPrinter {
  private final PrintStream err;
  private boolean printed;

  private DiagnosticPrinter(PrintStream err) {
    this.err = err;
  }

  static DiagnosticPrinter toStderr() {
    return new DiagnosticPrinter(new PrintStream(System.err, true, StandardCharsets.UTF_8));
  }

  PrintStream err() {
    return err;
  }

  /** Prints the outcome's diagnostics; its result, empty when the phase failed. */
  <T> Optional<T> print(Outcome<T> outcome) {
    err.print(DiagnosticFormat.TEXT.render(outcome.diagnostics()));
    printed |= !outcome.diagnostics().isEmpty();
    return outcome.result();
  }

  /** Whether any diagnostic was printed: a warning, say, which a compile taken as up to date would not show again. */
  boolean printedAny() {
    return printed;
  }
}
