package dev.imgc.spec;

import java.util.List;

/** Diagnostics in the short form the tests and the expected files compare: {@code line:col: severity [rule]}. */
final class Findings {
  private Findings() {}

  static List<String> of(List<Diagnostic> diagnostics) {
    return diagnostics.stream().map(Findings::of).toList();
  }

  static String of(Diagnostic d) {
    return d.position().line() + ":" + d.position().column() + ": " + d.severity().word() + " [" + d.rule().id() + "]";
  }

  static List<String> lint(String yaml) {
    return of(Linter.lintText("t.yml", yaml, Variables.none()));
  }

  static List<String> lint(String yaml, Variables variables) {
    return of(Linter.lintText("t.yml", yaml, variables));
  }
}
