package dev.imgc.cli;

import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.SpecLoader;
import dev.imgc.spec.Variables;
import dev.imgc.spec.model.Spec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/** Loads the spec files a build command names, printing every diagnostic; empty when any is an error. */
final class SpecLoading {
  private SpecLoading() {}

  static Optional<Spec> load(List<Path> files, VariableOptions variableOptions, CommandLine commandLine,
      PrintStream err) {
    List<Diagnostic> problems = new ArrayList<>();
    Optional<Variables> variables = variableOptions.resolve(commandLine, problems);
    SpecLoader.Result loaded = variables.map(v -> SpecLoader.load(files, v)).orElse(null);
    if (loaded != null) {
      problems.addAll(loaded.diagnostics());
    }
    err.print(DiagnosticFormat.TEXT.render(problems));
    return loaded == null ? Optional.empty() : loaded.spec();
  }

  /** The artifacts' default name: the first spec file's name without its extension. */
  static String defaultName(List<Path> files) {
    String file = files.get(0).getFileName().toString();
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }
}
