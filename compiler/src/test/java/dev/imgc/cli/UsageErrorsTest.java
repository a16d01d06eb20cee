package dev.imgc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A usage error is the sentence saying what is wrong, a "did you mean" where there is one, and where
 * the command's help is, on stderr with exit status 2: never the whole help, which scrolls the
 * sentence off the screen.
 */
class UsageErrorsTest {
  @Test
  void aMistypedLongOptionIsNamedWithTheOptionItWasProbablyMeantToBe() {
    assertUsageError(List.of("Unknown option: '--frmat'", "Did you mean: --format?", "see 'imgc compile --help'"),
        "compile", "--frmat", "iso-bios", "x.yml");
    assertUsageError(List.of("Unknown option: '--frmat=iso-bios'", "Did you mean: --format?", "see 'imgc compile --help'"),
        "compile", "--frmat=iso-bios", "x.yml");
  }

  @Test
  void anUnknownOptionFarFromEveryOptionHasNoSuggestion() {
    assertUsageError(List.of("Unknown option: '--zzzzzzzz'", "see 'imgc compile --help'"), "compile", "--zzzzzzzz", "x.yml");
    assertUsageError(List.of("Unknown option: '-k'", "see 'imgc inspect --help'"), "inspect", "-k", "a.iso");
  }

  @Test
  void aBadValueIsPicocliSentence() {
    assertUsageError(List.of("Invalid value for option '--format': expected one of [TEXT, JSON, SARIF] (case-insensitive)"
        + " but was 'xx'", "see 'imgc lint --help'"), "lint", "--format", "xx", "a.yml");
  }

  @Test
  void aBadValueACommandChecksItselfIsItsSentence() {
    ImgcRun run = ImgcRun.imgc("compile", "--format", "nope", "x.yml");
    List<String> lines = run.err().lines().toList();
    assertEquals(2, run.status());
    assertEquals("", run.out());
    assertEquals(2, lines.size(), run.err());
    assertTrue(lines.get(0).startsWith("unknown format 'nope': use one of ") && lines.get(0).contains(" iso-bios,"), run.err());
    assertEquals("see 'imgc compile --help'", lines.get(1));
    assertUsageError(List.of("--quiet and --verbose exclude each other", "see 'imgc compile --help'"),
        "compile", "-q", "-v", "x.yml");
  }

  @Test
  void aMissingOperandNamesItAndTheHelpOfTheCommandThatTakesIt() {
    assertUsageError(List.of("Missing required parameter: 'SPEC'", "see 'imgc compile --help'"), "compile");
    assertUsageError(List.of("Missing required parameter: 'REF'", "see 'imgc image pull --help'"), "image", "pull");
    assertUsageError(List.of("Missing required parameter: 'FILE'", "see 'imgc lint --help'"), "lint");
  }

  @Test
  void aMissingOrUnknownCommandPointsAtTheHelpThatListsThem() {
    assertUsageError(List.of("a command is required", "see 'imgc --help'"));
    assertUsageError(List.of("an image command is required", "see 'imgc image --help'"), "image");
    assertUsageError(List.of("Unmatched argument at index 1: 'pul'", "Did you mean: image pull or image push?",
        "see 'imgc image --help'"), "image", "pul");
    ImgcRun unknown = ImgcRun.imgc("nosuchcommand");
    List<String> lines = unknown.err().lines().toList();
    assertEquals(2, unknown.status());
    assertEquals(3, lines.size(), unknown.err());
    assertEquals("Unmatched argument at index 0: 'nosuchcommand'", lines.get(0));
    assertTrue(lines.get(1).startsWith("Did you mean: imgc "), unknown.err());
    assertEquals("see 'imgc --help'", lines.get(2));
  }

  /**
   * imgc run as a person runs it, on a terminal of 80 by 24 (tmux's), with a mistyped option: when it
   * has exited, the screen still shows the sentence, the suggestion and the hint, and little else.
   */
  @Test
  void onATerminalTheErrorStaysOnTheScreen() throws Exception {
    List<String> screen = terminalScreen("compile", "--frmat", "iso-bios", "x.yml");
    assertEquals(List.of("Unknown option: '--frmat'", "Did you mean: --format?", "see 'imgc compile --help'",
        "exit status 2"), screen);
  }

  private static void assertUsageError(List<String> expected, String... args) {
    ImgcRun run = ImgcRun.imgc(args);
    assertEquals(2, run.status(), run.err());
    assertEquals("", run.out());
    assertEquals(expected, run.err().lines().toList());
  }

  /**
   * The lines that are not blank on a tmux window 80 columns by 24 rows once imgc has run in it and
   * the shell has printed its exit status. The tmux server is this test's own (its own socket), and
   * is ended when the screen is read.
   */
  private static List<String> terminalScreen(String... args) throws IOException, InterruptedException {
    String socket = "imgc-usage-" + ProcessHandle.current().pid();
    StringBuilder command = new StringBuilder("'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
        + System.getProperty("java.class.path") + "' " + Main.class.getName());
    for (String arg : args) {
      command.append(" '").append(arg).append('\'');
    }
    command.append("; echo \"exit status $?\"; sleep 120");
    try {
      tmux(socket, "new-session", "-d", "-x", "80", "-y", "24", "sh", "-c", command.toString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        List<String> screen = tmux(socket, "capture-pane", "-p").lines().filter(line -> !line.isBlank())
            .map(String::stripTrailing).toList();
        if (screen.stream().anyMatch(line -> line.startsWith("exit status "))) {
          return screen;
        }
        assertTrue(System.nanoTime() < deadline, "imgc exited within a minute: " + screen);
        Thread.sleep(100);
      }
    } finally {
      tmux(socket, "kill-server");
    }
  }

  private static String tmux(String socket, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
    command.addAll(List.of(args));
    Process tmux = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(tmux.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(tmux.waitFor(30, TimeUnit.SECONDS), "tmux " + String.join(" ", args));
    return out;
  }
}
