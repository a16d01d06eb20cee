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
  void versionNamesTheProjectVersion() {
    ImgcRun run = ImgcRun.imgc("--version");
    assertEquals(0, run.status());
    assertTrue(run.out().matches("imgc \\d+\\.\\d+\\.\\d+\\s*"), run.out());
  }
}
