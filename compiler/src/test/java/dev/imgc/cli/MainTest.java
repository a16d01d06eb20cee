package dev.imgc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void unknownOptionIsAUsageError() {
    assertEquals(2, Main.run("--no-such-option"));
  }

  @Test
  void versionNamesTheProjectVersionTheCommitAndTheJava() {
    ImgcRun run = ImgcRun.imgc("--version");
    assertEquals(0, run.status());
    assertTrue(run.out().matches("imgc \\d+\\.\\d+\\.\\d+ \\((commit [0-9a-f]{12}(-modified)?|unknown commit)\\)\nJava 17.*\n"),
        run.out());
  }

  @Test
  void helpListsEveryCommandAndEachCommandRunAloneHasItsOwnHelp() {
    String help = ImgcRun.imgc("--help").out();
    for (String command : new String[] {"schema", "lint", "image", "plan", "inspect", "compile", "run"}) {
      assertTrue(help.contains("\n  " + command + " "), command + " is listed: " + help);
      ImgcRun run = ImgcRun.imgc(command, "--help");
      assertEquals(0, run.status(), command);
      assertTrue(run.out().startsWith("Usage: imgc " + command + " "), run.out());
    }
    assertTrue(ImgcRun.imgc("image", "ls", "--help").out().startsWith("Usage: imgc image ls"));
  }

  @Test
  void aMisspelledCommandIsAUsageErrorWithASuggestion() {
    ImgcRun run = ImgcRun.imgc("compil", "x.yml");
    assertEquals(2, run.status());
    assertTrue(run.err().contains("Did you mean: imgc compile?"), run.err());
  }
}
