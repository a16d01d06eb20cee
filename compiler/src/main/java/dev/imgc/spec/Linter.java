package dev.imgc.spec;

import dev.imgc.spec.model.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * The diagnostics of specs that are merged in order, as {@code imgc compile a.yml b.yml} merges
   * them: each text's own, as {@link #lintText} gives them, then, when no text has an error, the
   * clashes the merge makes between files (a service name used in two of them).
   */
  public static List<Diagnostic> lintMerged(List<SpecText> texts, Variables variables) {
    List<Diagnostic> all = new ArrayList<>();
    List<Spec> specs = new ArrayList<>();
    for (SpecText text : texts) {
      FrontEnd.Checked checked = FrontEnd.check(text.text(), variables, Severity.WARNING, new Diagnostics(text.file()));
      all.addAll(checked.diagnostics().sorted());
      // A value that waits on a variable has no type yet, so only fully known specs are merged.
      boolean known = checked.diagnostics().sorted().stream()
          .noneMatch(d -> d.isError() || d.rule() == Rule.VAR_UNRESOLVED);
      checked.document().filter(d -> known).map(SpecBuilder::build).ifPresent(specs::add);
    }
    if (texts.size() > 1 && specs.size() == texts.size()) {
      all.addAll(SpecLoader.duplicateServicesAcrossFiles(specs.stream().reduce(Spec.EMPTY, Spec::mergedWith)));
    }
    return List.copyOf(all);
  }
}
