package dev.imgc.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Linter;
import dev.imgc.spec.Severity;
import dev.imgc.spec.SpecLoader;
import dev.imgc.spec.SpecText;
import dev.imgc.spec.Variables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Compiler#lint}, what an editor checks its unsaved texts with, gives what {@code imgc lint}
 * gives for the same files on disk (every spec of the lint corpus), and for several texts the clashes
 * a compile of those files reports.
 */
class CompilerLintTest {
  private static final Path LINT = Path.of(System.getProperty("imgc.repo", "."), "testdata", "lint");

  @Test
  void eachCorpusSpecGivesWhatLintGivesForItsFile() throws IOException {
    List<Path> specs;
    try (Stream<Path> files = Stream.concat(Files.list(LINT.resolve("valid")), Files.list(LINT.resolve("invalid")))) {
      specs = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
    for (Path spec : specs) {
      String text = Files.readString(spec, StandardCharsets.UTF_8);
      assertEquals(Linter.lint(spec, Variables.none()), Compiler.lint(List.of(new SpecText(spec.toString(), text)), Variables.none()),
          spec.toString());
    }
  }

  @Test
  void mergedTextsReportTheServiceNameClashACompileReports(@TempDir Path dir) throws IOException {
    String a = "services:\n  - name: web\n    image: a/web:1\n";
    String b = "onboot:\n  - name: x\n    image: a/x:1\nservices:\n  - name: web\n    image: b/web:1\n";
    Files.writeString(dir.resolve("a.yml"), a);
    Files.writeString(dir.resolve("b.yml"), b);
    List<Diagnostic> compiled = SpecLoader.load(List.of(dir.resolve("a.yml"), dir.resolve("b.yml")), Variables.none()).diagnostics();
    List<Diagnostic> linted = Compiler.lint(List.of(new SpecText(dir.resolve("a.yml").toString(), a),
        new SpecText(dir.resolve("b.yml").toString(), b)), Variables.none());
    assertEquals(1, compiled.size());
    assertEquals(compiled, linted);
    assertEquals(Severity.ERROR, linted.get(0).severity());
    assertEquals(5, linted.get(0).position().line());
  }
}
