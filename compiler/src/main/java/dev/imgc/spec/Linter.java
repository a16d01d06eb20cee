package dev.imgc.spec;

import java.nio.file.Path;
import java.util.List;

/** {@code imgc lint}'s view of the front end: one file at a time, unset variables only warned about. */
public final class Linter {
  private Linter() {}

  /** The diagnostics of {@code file}, in source order. */
  public static List<Diagnostic> lint(Path file, Variables variables) {
    return FrontEnd.check(file, variables, Severity.WARNING).diagnostics().sorted();
  }

  /** The diagnostics of {@code text}, reported as from {@code name} (for tests and fuzzing). */
  public static List<Diagnostic> lintText(String name, String text, Variables variables) {
    return FrontEnd.check(text, variables, Severity.WARNING, new Diagnostics(name)).diagnostics().sorted();
  }
}
