package dev.imgc.spec;

import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Spec;
import dev.imgc.spec.schema.SchemaValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The front end's entry point for building: reads spec files, checks each, and merges them in order
 * into one typed {@link Spec}, as LinuxKit's {@code build a.yml b.yml} does. A variable without a
 * value is an error here (a build needs every value).
 */
public final class SpecLoader {
  private SpecLoader() {}

  /** The merged spec, present only when no file has an error; and every diagnostic, each naming its file. */
  public record Result(Optional<Spec> spec, List<Diagnostic> diagnostics) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
      return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
  }

  /**
   * Starts building what checking a spec needs (the schema's validator) on a thread of its own, for a
   * caller with other work to do before {@link #load}.
   */
  public static void prepare() {
    SchemaValidator.preload();
  }

  public static Result load(List<Path> files, Variables variables) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<Spec> specs = new ArrayList<>();
    for (Path file : files) {
      FrontEnd.Checked checked = FrontEnd.check(file, variables, Severity.ERROR);
      diagnostics.addAll(checked.diagnostics().sorted());
      if (!checked.diagnostics().hasErrors()) {
        checked.document().map(SpecBuilder::build).ifPresent(specs::add);
      }
    }
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      return new Result(Optional.empty(), diagnostics);
    }
    Spec merged = specs.stream().reduce(Spec.EMPTY, Spec::mergedWith);
    diagnostics.addAll(duplicateServicesAcrossFiles(merged));
    boolean ok = diagnostics.stream().noneMatch(Diagnostic::isError);
    return new Result(ok ? Optional.of(merged) : Optional.empty(), diagnostics);
  }

  /**
   * Services run side by side, so their names must stay unique once files are merged (each file's
   * own duplicates were reported already, so only clashes between files are reported here).
   */
  static List<Diagnostic> duplicateServicesAcrossFiles(Spec merged) {
    List<Diagnostic> found = new ArrayList<>();
    Map<String, ImageSpec> first = new HashMap<>();
    for (ImageSpec service : merged.services()) {
      ImageSpec earlier = first.putIfAbsent(service.name().value(), service);
      if (earlier != null && !earlier.source().file().equals(service.source().file())) {
        found.add(new Diagnostic(
            service.name().source().file(),
            service.name().source().position(),
            Severity.ERROR,
            Rule.NAME_DUPLICATE,
            "the service name '" + service.name().value() + "' is already used in " + earlier.source().file()
                + " at line " + earlier.name().source().position().line() + "; give each service its own name"));
      }
    }
    return found;
  }
}
