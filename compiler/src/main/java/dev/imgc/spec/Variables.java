package dev.imgc.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The values of {@code ${NAME}} variables, from {@code --var NAME=VALUE} and {@code --var-file FILE}. */
public record Variables(Map<String, String> values) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public Variables {
    values = Map.copyOf(values);
  }

  public static Variables none() {
    return new Variables(Map.of());
  }

  /** These values, then {@code later}'s, which win where both have a name. */
  public Variables with(Variables later) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(later.values);
    return new Variables(merged);
  }

  /** A {@code NAME=VALUE} assignment, or why it is not one. */
  public sealed interface Assignment permits Valid, Invalid {}

  public record Valid(String name, String value) implements Assignment {}

  public record Invalid(String reason) implements Assignment {}

  /** Parses {@code NAME=VALUE} (the value may be empty and may contain '='). */
  public static Assignment parseAssignment(String text) {
    int equals = text.indexOf('=');
    if (equals < 0) {
      return new Invalid("'" + text + "' is not NAME=VALUE");
    }
    String name = text.substring(0, equals).strip();
    if (!NAME.matcher(name).matches()) {
      return new Invalid("'" + name + "' is not a variable name (letters, digits and '_', not starting with a digit)");
    }
    return new Valid(name, text.substring(equals + 1));
  }

  /**
   * Reads a variables file: one {@code NAME=VALUE} a line; blank lines and lines starting with '#'
   * are skipped. Problems are reported against the file, by line.
   */
  public static Optional<Variables> parseFile(String text, Diagnostics diagnostics) {
    Map<String, String> values = new TreeMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      Assignment assignment = parseAssignment(line);
      if (assignment instanceof Valid valid) {
        values.put(valid.name(), valid.value());
      } else if (assignment instanceof Invalid invalid) {
        diagnostics.error(Position.onLine(i + 1, 1, line.length()), Rule.VAR_FILE, invalid.reason() + "; write NAME=VALUE");
      }
    }
    return diagnostics.hasErrors() ? Optional.empty() : Optional.of(new Variables(values));
  }

  /** Reads a variables file (see {@link #parseFile}); problems go to {@code diagnostics}. */
  public static Optional<Variables> readFile(Path file, Diagnostics diagnostics) {
    try {
      return parseFile(Files.readString(file, StandardCharsets.UTF_8), diagnostics);
    } catch (IOException | java.io.UncheckedIOException e) {
      diagnostics.error(Position.START, Rule.VAR_FILE, "the variables file cannot be read as UTF-8 text: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Reads variables files in order, a later file's values winning; each file's problems are added to
   * {@code problems}, and the first file with an error stops the reading.
   */
  public static Optional<Variables> readFiles(List<Path> files, List<Diagnostic> problems) {
    Variables variables = none();
    for (Path file : files) {
      Diagnostics diagnostics = new Diagnostics(file.toString());
      Optional<Variables> read = readFile(file, diagnostics);
      problems.addAll(diagnostics.sorted());
      if (read.isEmpty()) {
        return Optional.empty();
      }
      variables = variables.with(read.get());
    }
    return Optional.of(variables);
  }
}
