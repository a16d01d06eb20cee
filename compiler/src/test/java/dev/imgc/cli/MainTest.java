package dev.imgc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void unknownOptionIsAUsageError() {
    assertEquals(2, Main.run("--no-such-option"));
  }

  @Test
  void versionNamesTheProjectVersion() {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.run("--version"));
    } finally {
      System.setOut(saved);
    }
    assertTrue(out.toString(StandardCharsets.UTF_8).matches("imgc \\d+\\.\\d+\\.\\d+\\s*"), out.toString());
  }
}
