package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imgc lint FILE...} with no option is run without building the command line (real processes,
 * {@link ImgcProcess}): it prints and returns what the parsed command does with its options at their
 * defaults, for clean, broken and missing files; any option or {@code @FILE} is parsed as ever.
 */
class LintWithoutParsingTest {
  private static final Path LINT = GoldenSpec.REPO.resolve("testdata/lint");

  @TempDir Path work;

  @Test
  void filesAloneAreLintedAsTheParsedCommandLintsThem() throws Exception {
    Path missing = work.resolve("missing.yml");
    List<List<Path>> cases = List.of(
        List.of(LINT.resolve("valid/extensions.yml")),
        List.of(LINT.resolve("invalid/bad-names.yml")),
        List.of(LINT.resolve("valid/hardened.yml"), LINT.resolve("invalid/binds-tmpfs.yml"), missing));
    for (List<Path> files : cases) {
      ImgcProcess.Parsing early = lint(List.of(), files);
      ImgcProcess.Parsing parsed = lint(List.of("--format", "text"), files);

      assertFalse(early.parsed(), files + " were linted without parsing");
      assertTrue(parsed.parsed());
      assertEquals(parsed.run().toString(), early.run().toString(), files.toString());
    }
    assertEquals(1, lint(List.of(), List.of(missing)).run().status(), "a missing file is an error");
  }

  @Test
  void anOptionOrAnArgumentFileIsParsed() throws Exception {
    Path spec = LINT.resolve("invalid/bad-names.yml");
    Path arguments = Files.writeString(work.resolve("arguments"), spec + "\n");
    for (List<String> command : List.of(List.of("lint", spec.toString(), "--format", "json"),
        List.of("lint", "@" + arguments), List.of("lint", spec.toString(), "--no-such-option"))) {
      assertTrue(ImgcProcess.runParsing(work, Map.of(), command).parsed(), command.toString());
    }
  }

  private ImgcProcess.Parsing lint(List<String> options, List<Path> files) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("lint"));
    command.addAll(options);
    files.forEach(file -> command.add(file.toString()));
    return ImgcProcess.runParsing(work, Map.of(), command);
  }
}
