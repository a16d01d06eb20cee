package dev.imgc.cli;

import dev.imgc.spec.Diagnostic;
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

  /** The --var options' values, or a usage error naming a malformed one. */
  Map<String, String> values(CommandLine commandLine) {
    Map<String, String> given = new TreeMap<>();
    for (String text : assignments) {
      Variables.Assignment assignment = Variables.parseAssignment(text);
      if (assignment instanceof Variables.Invalid invalid) {
        throw new CommandLine.ParameterException(commandLine, "--var " + invalid.reason());
      }
      Variables.Valid valid = (Variables.Valid) assignment;
      given.put(valid.name(), valid.value());
    }
    return given;
  }

  /** The variables from every file in order, then the --var options; problems in files go to {@code problems}. */
  Optional<Variables> resolve(CommandLine commandLine, List<Diagnostic> problems) {
    return resolve(files, values(commandLine), problems);
  }

  /** The variables from {@code files} in order, then {@code given}; problems in files go to {@code problems}. */
  static Optional<Variables> resolve(List<Path> files, Map<String, String> given, List<Diagnostic> problems) {
    return Variables.readFiles(files, problems).map(read -> read.with(new Variables(given)));
  }
}
