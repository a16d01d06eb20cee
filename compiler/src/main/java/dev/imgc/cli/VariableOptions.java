package dev.imgc.cli;

import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Diagnostics;
import dev.imgc.spec.Variables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --var NAME=VALUE} and {@code --var-file FILE}, shared by the commands that read specs. */
final class VariableOptions {
  @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Give the variable NAME a value (repeatable).")
  List<String> assignments = new ArrayList<>();

  @Option(names = "--var-file", paramLabel = "FILE", description = "Read NAME=VALUE lines from FILE (repeatable; --var wins).")
  List<Path> files = new ArrayList<>();

  /** The variables from every file in order, then the --var options; problems in files go to {@code problems}. */
  Optional<Variables> resolve(CommandLine commandLine, List<Diagnostic> problems) {
    Variables variables = Variables.none();
    for (Path file : files) {
      Diagnostics diagnostics = new Diagnostics(file.toString());
      Optional<Variables> read = Variables.readFile(file, diagnostics);
      problems.addAll(diagnostics.sorted());
      if (read.isEmpty()) {
        return Optional.empty();
      }
      variables = variables.with(read.get());
    }
    Map<String, String> given = new TreeMap<>();
    for (String text : assignments) {
      Variables.Assignment assignment = Variables.parseAssignment(text);
      if (assignment instanceof Variables.Invalid invalid) {
        throw new CommandLine.ParameterException(commandLine, "--var " + invalid.reason());
      }
      Variables.Valid valid = (Variables.Valid) assignment;
      given.put(valid.name(), valid.value());
    }
    return Optional.of(variables.with(new Variables(given)));
  }
}
