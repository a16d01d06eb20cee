package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spec corpus in testdata/lint: every invalid spec gives exactly the diagnostics written in the
 * {@code .expected} file beside it (each checked by eye), and every valid spec lints without error
 * (and without warning, unless its own {@code .expected} file lists one).
 */
class LintCorpusTest {
  static final Path LINT = Path.of(System.getProperty("imgc.repo", "."), "testdata", "lint");

  static Stream<Path> invalidSpecs() throws IOException {
    return specs(LINT.resolve("invalid"));
  }

  static Stream<Path> validSpecs() throws IOException {
    return specs(LINT.resolve("valid"));
  }

  static Stream<Path> specs(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void invalidSpecGivesItsExpectedDiagnostics(Path spec) throws IOException {
    List<Diagnostic> found = Linter.lint(spec, Variables.none());
    assertEquals(expected(spec), Findings.of(found), () -> String.join("\n", found.stream().map(Diagnostic::toString).toList()));
    assertFalse(found.stream().noneMatch(Diagnostic::isError), "an invalid spec has at least one error");
  }

  /** A valid spec has no error, and no warning unless a {@code .expected} file beside it lists it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("validSpecs")
  void validSpecLintsClean(Path spec) throws IOException {
    List<Diagnostic> found = Linter.lint(spec, Variables.none());
    assertEquals(expected(spec), Findings.of(found), () -> String.join("\n", found.stream().map(Diagnostic::toString).toList()));
    assertTrue(found.stream().noneMatch(Diagnostic::isError));
  }

  /** The lines of the {@code .expected} file beside {@code spec}; none when there is no such file. */
  private static List<String> expected(Path spec) throws IOException {
    Path file = Path.of(spec.toString().replaceFirst("\\.yml$", ".expected"));
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
  }
}
