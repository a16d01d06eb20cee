package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Linter;
import dev.imgc.spec.Variables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imgc lint} through the launcher (packaging/launcher.sh) with imgc packed in one jar
 * ({@link PackedJar}): the first lint makes lint's own start-up archive, lint's classes come from
 * it, and what lint prints and its exit status are the same, byte for byte, as without any archive.
 */
class LintArchiveTest {
  private static final Path LINT = GoldenSpec.REPO.resolve("testdata/lint");

  @TempDir static Path work;
  private static Path jar;

  private record Run(int status, String out, String err) {}

  @BeforeAll
  static void packImgc() throws IOException {
    jar = PackedJar.pack(work.resolve("imgc.jar"));
  }

  @Test
  void lintPrintsTheSameFromItsArchiveAsWithout() throws Exception {
    Path archive = work.resolve("cds/imgc.jsa");
    Path lintArchive = work.resolve("cds/imgc-lint.jsa");
    Path none = Path.of("/dev/null/no-archive.jsa"); // a path that can never be made, as the installed launcher's
    record Case(List<Path> files, int status) {}
    List<Case> cases = List.of(
        new Case(List.of(GoldenSpec.REPO.resolve("examples/web.yml")), 0),
        new Case(List.of(LINT.resolve("invalid/variables.yml")), 1),
        new Case(List.of(LINT.resolve("valid/hardened.yml"), LINT.resolve("invalid/unknown-keys.yml"),
            LINT.resolve("invalid/capabilities.yml"), work.resolve("missing.yml")), 1));
    for (Case lint : cases) {
      Run without = launch(none, lint.files());
      Run with = launch(archive, lint.files());

      assertTrue(Files.size(lintArchive) > 0, "lint made its archive");
      assertFalse(Files.exists(archive), "and not the compile's");
      assertEquals(lint.status(), without.status(), without.toString());
      assertEquals(without, with, lint.files().toString());
    }

    List<String> classes = run(List.of("java", "-XX:SharedArchiveFile=" + lintArchive, "-Xshare:on", "-Xlog:class+load=info",
        "-cp", jar.toString(), "dev.imgc.cli.LintMain", "lint", GoldenSpec.REPO.resolve("examples/web.yml").toString()))
        .out().lines().toList();
    for (String used : List.of("dev.imgc.cli.LintMain", "dev.imgc.spec.Linter", "dev.imgc.spec.yaml.YamlReader", "dev.imgc.spec.schema.SchemaValidator",
        "com.networknt.schema.JsonSchema", "dev.imgc.cli.DiagnosticFormat")) {
      assertTrue(classes.stream().anyMatch(line -> line.contains("] " + used + " source: shared objects file")),
          used + " came from lint's archive");
    }
  }

  /** Lint's training specs give what its archive is to hold: a warning in one, errors in the other. */
  @Test
  void theLintTrainingSpecsGiveAWarningAndErrors() throws Exception {
    Path specs = Files.createDirectories(work.resolve("training"));
    Run made = run(List.of("bash", "-c", "source \"$1\" && imgc_lint_training_specs \"$2\"", "bash",
        GoldenSpec.REPO.resolve("packaging/launcher.sh").toAbsolutePath().toString(), specs.toString()));
    assertEquals(0, made.status(), made.toString());

    List<Diagnostic> warning = Linter.lint(specs.resolve("warning.yml"), Variables.none());
    assertEquals(1, warning.size(), warning.toString());
    assertFalse(warning.get(0).isError());
    List<Diagnostic> errors = Linter.lint(specs.resolve("errors.yml"), Variables.none());
    assertTrue(errors.size() > 1 && errors.stream().allMatch(Diagnostic::isError), errors.toString());
  }

  /** {@code imgc lint FILES...} through {@code imgc_exec}, with the start-up archive at {@code archive}. */
  private static Run launch(Path archive, List<Path> files) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", "-c", "source \"$1\" && shift && imgc_exec \"$@\"", "bash",
        GoldenSpec.REPO.resolve("packaging/launcher.sh").toAbsolutePath().toString(), jar.toString(), archive.toString(),
        "lint"));
    files.forEach(file -> command.add(file.toString()));
    return run(command);
  }

  private static Run run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(work, "stdout-", ".txt");
    Path err = Files.createTempFile(work, "stderr-", ".txt");
    int status = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start().waitFor();
    return new Run(status, Files.readString(out), Files.readString(err));
  }
}
