package dev.imgc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.oci.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help fits the terminal it is printed on, and its descriptions are paragraphs picocli wraps, not lines. */
class HelpWidthTest {
  private static final String[][] COMMANDS = {{"--help"}, {"compile", "--help"}, {"image", "import", "--help"}, {"lint", "--help"}};

  @Test
  void helpOnAPseudoTerminalWrapsToItsWidth() throws Exception {
    for (String[] command : COMMANDS) {
      List<String> narrow = helpOnTerminal(60, command);
      assertTrue(narrow.stream().allMatch(line -> line.length() <= 60), String.join("\n", narrow));
      List<String> wide = helpOnTerminal(120, command);
      assertTrue(wide.stream().allMatch(line -> line.length() <= 120), String.join("\n", wide));
      assertTrue(wide.stream().anyMatch(line -> line.length() > 80), "the help uses a wide terminal: " + String.join("\n", wide));
    }
  }

  /**
   * From 80 columns on, the description column is wider than any path imgc's help names; below that a
   * path longer than the column (a 60-column terminal leaves it 18) cannot be kept whole.
   */
  @Test
  void pathsInDescriptionsAreNeverBrokenAcrossLines() throws Exception {
    List<String> paths = new ArrayList<>();
    commands(Main.commandLine()).forEach(line -> line.getCommandSpec().args().stream()
        .flatMap(arg -> Stream.of(arg.description()))
        .flatMap(text -> Stream.of(text.split("[\\s(),]+")))
        .filter(word -> word.contains("/") && !word.contains("${"))
        .forEach(paths::add));
    assertTrue(paths.contains("~/.cache/imgc"), paths::toString);
    for (int columns : new int[] {80, 100, 140}) {
      for (String[] command : COMMANDS) {
        List<String> lines = helpOnTerminal(columns, command);
        String joined = String.join("", lines.stream().map(String::strip).toList());
        for (String path : paths) {
          if (joined.contains(path)) {
            assertTrue(lines.stream().anyMatch(line -> line.contains(path)),
                path + " is broken across lines at " + columns + " columns:\n" + String.join("\n", lines));
          }
        }
      }
    }
  }

  @Test
  void everyDescriptionElementIsAWholeParagraph() {
    List<String> fragments = new ArrayList<>();
    commands(Main.commandLine()).forEach(line -> {
      CommandLine.Model.CommandSpec spec = line.getCommandSpec();
      Stream.concat(Stream.of(spec.usageMessage().description()),
              spec.args().stream().flatMap(arg -> Stream.of(arg.description())))
          .filter(text -> !text.endsWith(".") || text.contains("\n") || text.contains("%n"))
          .forEach(text -> fragments.add(spec.qualifiedName() + ": " + text));
    });
    assertEquals(List.of(), fragments, "a description line that is not a whole sentence is a hard line break");
  }

  @Test
  void thePlatformDefaultsToThisMachines() {
    String help = ImgcRun.imgc("compile", "--help").out().replaceAll("\\s+", " ");
    assertTrue(help.contains("(default: this machine's, " + Platform.host() + ")"), help);
  }

  private static Stream<CommandLine> commands(CommandLine line) {
    return Stream.concat(Stream.of(line), line.getSubcommands().values().stream().flatMap(HelpWidthTest::commands));
  }

  /** imgc's help as a terminal COLUMNS wide shows it (script(1) gives the JVM a pseudo-terminal), colours removed. */
  private static List<String> helpOnTerminal(int columns, String... args) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    StringBuilder command = new StringBuilder("stty cols " + columns + " rows 50; exec '" + java + "' -cp '"
        + System.getProperty("java.class.path") + "' dev.imgc.cli.Main");
    for (String arg : args) {
      command.append(' ').append(arg);
    }
    Process process = new ProcessBuilder("script", "-qec", command.toString(), "/dev/null")
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "imgc " + String.join(" ", args) + " finished");
    assertEquals(0, process.exitValue(), out);
    return out.replaceAll("\u001B\\[[0-9;]*m", "").replace("\r", "").lines().toList();
  }
}
