package dev.imgc.cli;

import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Linter;
import dev.imgc.spec.Variables;
import dev.imgc.spec.schema.SchemaValidator;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imgc lint FILE...}: checks each spec file on its own and prints what is wrong where. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Check spec files and print every problem as file:line:col.",
      "Each file is checked on its own. Exit status 0 when no file has an error, 1 otherwise."
    })
final class LintCommand implements Callable<Integer> {
  private static final String DEFAULT_FORMAT = "text";

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Spec files to check.")
  List<Path> files;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = DEFAULT_FORMAT,
      description = "Output: text (file:line:col: severity: message [rule]), json or sarif. Default: ${DEFAULT-VALUE}.")
  DiagnosticFormat format;

  @Mixin VariableOptions variableOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    SchemaValidator.preload(); // as in lintWithDefaults
    List<Diagnostic> all = new ArrayList<>();
    Optional<Variables> variables = variableOptions.resolve(spec.commandLine(), all);
    return lint(files, variables, all, format);
  }

  /**
   * {@code imgc lint FILE...} with no option, run without building the command line (what the command
   * parsed with every option at its default does): its exit status; empty for any other command line,
   * which picocli is to parse.
   */
  static Optional<Integer> withoutParsing(String[] args) {
    if (args.length < 2 || !args[0].equals("lint")) {
      return Optional.empty();
    }
    Optional<List<Path>> files = operands(args);
    return files.isPresent() ? Optional.of(lintWithDefaults(files.get())) : Optional.empty();
  }

  /**
   * The arguments after the command's name as paths, when each is an operand picocli would take as
   * one: not an option, not a file of arguments ({@code @FILE}, which picocli reads in its place), a
   * valid path; else empty, and picocli parses them (and says what is wrong).
   */
  private static Optional<List<Path>> operands(String[] args) {
    List<Path> paths = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("-") || args[i].startsWith("@")) {
        return Optional.empty();
      }
      try {
        paths.add(Path.of(args[i]));
      } catch (InvalidPathException e) {
        return Optional.empty();
      }
    }
    return Optional.of(paths);
  }

  private static int lintWithDefaults(List<Path> files) {
    // Building the schema's validator is the longest part of a lint and the first file's check waits
    // for it: its thread starts before anything else is done.
    SchemaValidator.preload();
    // No --var and no --var-file: no variables. (VariableOptions, which reads them, is not linked here:
    // linking it loads picocli's exceptions from the jar, on the main thread.)
    return lint(files, Optional.of(Variables.none()), new ArrayList<>(),
        DiagnosticFormat.valueOf(DEFAULT_FORMAT.toUpperCase(Locale.ROOT)));
  }

  /** Lints each of {@code files} with {@code variables} (none when reading them failed) and prints {@code all} problems. */
  private static int lint(List<Path> files, Optional<Variables> variables, List<Diagnostic> all, DiagnosticFormat format) {
    if (variables.isPresent()) {
      for (Path file : files) {
        all.addAll(Linter.lint(file, variables.get()));
      }
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.print(format.render(all));
    out.flush();
    return all.stream().anyMatch(Diagnostic::isError) ? 1 : 0;
  }
}
