package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code imgc run} refuses before it starts anything. */
class RunCommandTest {
  @TempDir Path out;

  @Test
  void detachingNeedsAConsoleLog() {
    ImgcRun run = imgc("run", out.resolve("web").toString(), "--detach");
    assertEquals(2, run.status(), run.err());
    assertTrue(run.err().contains("--detach needs --console-log FILE"), run.err());
  }

  @Test
  void aConsoleLogThatCannotBeWrittenIsOneSentenceAndNoMachineStarts() throws Exception {
    for (String file : new String[] {"web-kernel", "web-initrd.img", "web-cmdline"}) {
      Files.writeString(out.resolve(file), "console=ttyS0");
    }
    Path log = out.resolve("missing/console.log");
    ImgcRun run = imgc("run", out.resolve("web").toString(), "--console-log", log.toString());
    assertEquals(1, run.status(), run.err());
    assertTrue(run.err().startsWith("imgc: error: cannot write the console log " + log), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
  }
}
