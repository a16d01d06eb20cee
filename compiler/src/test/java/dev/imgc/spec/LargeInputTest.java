package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.spec.yaml.YamlReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large specs: linting takes time linear in a scalar's length (the bounds are generous, and far below
 * what quadratic work on these sizes takes), and a file over the input limit is
 * refused under its own rule, at the place where it passes the limit.
 */
class LargeInputTest {
  private static final String HEAD = "kernel:\n  image: linuxkit/kernel:6.6.13\ninit:\n  - linuxkit/init:v1.0.0\n";
  private static final long BOUND_MILLIS = 2_000;

  @TempDir Path dir;

  @Test
  void aThreeMegabyteContentsScalarLintsQuickly() throws IOException {
    Path spec = write(HEAD + "files:\n  - path: etc/big\n    contents: '" + "a".repeat(3_000_000) + "'\n");
    List<Diagnostic> found = quickly(() -> Linter.lint(spec, Variables.none()));
    assertEquals(List.of(), found);
  }

  @Test
  void manyVariablesInOneLongScalarArePlacedQuickly() throws IOException {
    Path spec = write(HEAD + "files:\n  - path: etc/big\n    contents: '" + "${X}".repeat(100_000) + "'\n");
    List<Diagnostic> found = quickly(() -> Linter.lint(spec, Variables.none()));
    assertEquals(100_000, found.size());
    Diagnostic last = found.get(found.size() - 1);
    assertEquals(Rule.VAR_UNRESOLVED, last.rule());
    int column = "    contents: '".length() + 1 + 4 * 99_999;
    assertEquals(new Position(7, column, 7, column + 4), last.position(), "the last reference, placed exactly");
  }

  @Test
  void aLongUnknownWordIsNotComparedWithEveryKnownOne() throws IOException {
    Path spec = write(HEAD + "onboot:\n  - name: x\n    image: a/b:1\n    capabilities: [" + "CAP_X".repeat(200_000) + "]\n");
    List<Diagnostic> found = quickly(() -> Linter.lint(spec, Variables.none()));
    assertEquals(1, found.size(), found.toString());
    assertEquals(Rule.CAPABILITY_UNKNOWN, found.get(0).rule());
  }

  @Test
  void aFileAtTheInputLimitIsRead() throws IOException {
    String start = HEAD + "files:\n  - path: etc/big\n    contents: '";
    String end = "'\n";
    Path spec = write(start + "a".repeat(YamlReader.MAX_INPUT_BYTES - start.length() - end.length()) + end);
    assertEquals(YamlReader.MAX_INPUT_BYTES, Files.size(spec));
    assertEquals(List.of(), Linter.lint(spec, Variables.none()));
  }

  @Test
  void aFileOverTheInputLimitIsRefusedWhereItPassesIt() throws IOException {
    // Two-byte characters on long lines: the limit falls inside line 9, at a character counted by hand.
    String start = HEAD + "files:\n  - path: etc/big\n    contents: |\n";
    String line = "      " + "é".repeat(1000) + "\n"; // 2007 bytes, 1007 characters
    int linesBefore = (YamlReader.MAX_INPUT_BYTES - start.length()) / 2007;
    int bytesIntoLastLine = YamlReader.MAX_INPUT_BYTES - start.length() - linesBefore * 2007; // the limit's last byte
    int column = bytesIntoLastLine <= 6 ? bytesIntoLastLine + 1 : 6 + (bytesIntoLastLine - 6) / 2 + 1;
    Path spec = write(start + line.repeat(linesBefore + 10));
    assertTrue(Files.size(spec) > YamlReader.MAX_INPUT_BYTES);

    List<Diagnostic> found = Linter.lint(spec, Variables.none());
    assertEquals(1, found.size(), found.toString());
    Diagnostic refused = found.get(0);
    assertEquals(Rule.INPUT_SIZE, refused.rule());
    assertEquals("input-size", refused.rule().id());
    assertEquals(Position.onLine(8 + linesBefore, column, 1), refused.position());
    assertTrue(refused.message().contains("4 MiB"), refused.message());

    // The same text handed over as text, not as a file, is refused at the same place.
    List<Diagnostic> asText = Linter.lintText("t.yml", Files.readString(spec), Variables.none());
    assertEquals(List.of(refused.position()), asText.stream().map(Diagnostic::position).toList());
  }

  @Test
  void theLintPageGivesTheInputLimitAndItsRule() throws IOException {
    String page = Files.readString(Path.of(System.getProperty("imgc.repo", ".")).resolve("docs/lint.md"));
    assertTrue(page.contains("| `input-size` | error | a file over " + (YamlReader.MAX_INPUT_BYTES >> 20) + " MiB"), "docs/lint.md's rule table");
    assertFalse(page.contains("nesting over 64 levels, a file over"), "the limit is reported by input-size, not yaml-limit");
  }

  private Path write(String text) throws IOException {
    Path spec = dir.resolve("spec.yml");
    Files.writeString(spec, text, StandardCharsets.UTF_8);
    return spec;
  }

  /**
   * Runs {@code work} and checks the processor time it took, which other processes on a busy machine
   * do not inflate as they do the time on the clock. The front end's classes are loaded first, so that
   * only the work that grows with the input is timed.
   */
  private static <T> T quickly(Supplier<T> work) {
    Linter.lintText("warm-up.yml", HEAD, Variables.none());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    T result = work.get();
    long millis = (threads.getCurrentThreadCpuTime() - start) / 1_000_000;
    assertTrue(millis < BOUND_MILLIS, "took " + millis + " ms of processor time; linear work takes well under " + BOUND_MILLIS + " ms");
    return result;
  }
}
