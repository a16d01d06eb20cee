package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds the front end random and mutated YAML (seeded from the lint corpus) for a bounded time:
 * whatever the input, linting returns diagnostics, never an exception, and never the "internal"
 * rule that marks a bug; a document without errors always builds a typed Spec; through the command
 * line, nothing resembling a stack trace is printed.
 *
 * <p>{@code -Dimgc.fuzz.seconds=N} runs longer; {@code -Dimgc.fuzz.seed=S} picks another sequence.
 */
class FrontEndFuzzTest {
  private static final String YAML_BITS = ":-[]{}&*!|>'\"%@`#,?\t\n $\\~.0123456789aZ_/=+";
  private static final String[] FRAGMENTS = {
    "kernel:", "init:", "onboot:", "services:", "files:", "volumes:", "- name: x", "  image: a/b:1",
    "capabilities: [all]", "binds: [\"/a:/b\"]", "${X}", "${X:-y}", "${", "$$", "&a", "*a", "<<: *a", "!!str",
    "---", "...", "? complex", "- - -", "{a: [b, {c: d}]}", "\"\\u00e9\"", "|\n  text", ">-\n  folded", "%YAML 1.2",
    "path: ../../x", "mode: \"0644\"", "rlimits: [\"nofile,1,2\"]", "sysctl: {a.b: \"1\"}", "image: oci://x", "trust: {}",
  };

  @TempDir Path dir;

  @Test
  void noInputMakesTheFrontEndFail() throws IOException {
    long seconds = Long.getLong("imgc.fuzz.seconds", 20);
    Random random = new Random(Long.getLong("imgc.fuzz.seed", 1));
    List<String> corpus = corpus();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    int tried = 0;
    int built = 0;
    while (System.nanoTime() < deadline) {
      String input = random.nextInt(4) == 0 ? generate(random) : mutate(corpus.get(random.nextInt(corpus.size())), random);
      List<Diagnostic> found;
      try {
        FrontEnd.Checked checked = FrontEnd.check(input, Variables.none(), Severity.WARNING, new Diagnostics("fuzz.yml"));
        found = checked.diagnostics().sorted();
        if (!checked.diagnostics().hasErrors()) {
          checked.document().map(SpecBuilder::build).orElseThrow(); // a clean document always makes a Spec
          built++;
        }
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError("the front end threw on input:\n" + input, e);
      }
      for (Diagnostic d : found) {
        assertFalse(d.rule() == Rule.INTERNAL, () -> d.message() + "\ninput:\n" + input);
      }
      if (tried % 200 == 0) {
        assertNoStackTraceFromTheCommandLine(input);
      }
      tried++;
    }
    System.out.println("FrontEndFuzzTest: " + tried + " inputs in " + seconds + " s, " + built + " clean enough to build a Spec");
    assertTrue(tried > 100, "the fuzzer ran too few inputs to mean anything: " + tried);
  }

  private void assertNoStackTraceFromTheCommandLine(String input) throws IOException {
    Path file = dir.resolve("fuzz.yml");
    Files.writeString(file, input);
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      int status = dev.imgc.cli.Main.run("lint", file.toString());
      assertTrue(status == 0 || status == 1, "status " + status);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertFalse(printed.contains("\tat ") || printed.contains("Exception"), printed);
  }

  private static List<String> corpus() throws IOException {
    List<String> texts = new ArrayList<>();
    for (String kind : new String[] {"invalid", "valid"}) {
      try (Stream<Path> specs = LintCorpusTest.specs(LintCorpusTest.LINT.resolve(kind))) {
        for (Path spec : specs.toList()) {
          texts.add(Files.readString(spec, StandardCharsets.UTF_8));
        }
      }
    }
    return texts;
  }

  /** A few random edits of a corpus text: characters, lines, indentation, truncation. */
  static String mutate(String text, Random random) {
    StringBuilder s = new StringBuilder(text);
    int edits = 1 + random.nextInt(6);
    for (int i = 0; i < edits; i++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
      switch (random.nextInt(7)) {
        case 0 -> s.insert(at, YAML_BITS.charAt(random.nextInt(YAML_BITS.length())));
        case 1 -> {
          if (at < s.length()) {
            s.deleteCharAt(at);
          }
        }
        case 2 -> s.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        case 3 -> s.setLength(at);
        case 4 -> s.insert(at, "\n" + " ".repeat(random.nextInt(8)));
        case 5 -> {
          int end = Math.min(s.length(), at + random.nextInt(40));
          s.insert(at, s.substring(at, end));
        }
        default -> s.insert(at, (char) random.nextInt(0x3000));
      }
    }
    return s.toString();
  }

  /** A random document built from YAML pieces and spec keys. */
  static String generate(Random random) {
    StringBuilder s = new StringBuilder();
    int lines = random.nextInt(30);
    for (int i = 0; i < lines; i++) {
      s.append(" ".repeat(2 * random.nextInt(4)));
      s.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      if (random.nextBoolean()) {
        s.append(' ').append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      }
      s.append('\n');
    }
    return s.toString();
  }

  @Test
  void theMutatorChangesItsInput() {
    Random random = new Random(7);
    int changed = 0;
    for (int i = 0; i < 20; i++) {
      changed += mutate("kernel:\n  image: a\n", random).equals("kernel:\n  image: a\n") ? 0 : 1;
    }
    assertTrue(changed >= 15, "mutations changed only " + changed + " of 20 inputs");
    assertEquals(generate(new Random(3)), generate(new Random(3)), "generation is reproducible from its seed");
  }
}
