package dev.imgc.boot.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootStageTest {
  @Test
  void theScriptLoadsTheModulesInOrderAndIsValidShell(@TempDir Path dir) throws Exception {
    String script = BootStage.render(List.of("/lib/modules/6.1/kernel/fs/jbd2/jbd2.ko", "/lib/modules/6.1/it's.ko"));
    List<String> loads = script.lines().filter(line -> line.contains("insmod")).toList();
    assertEquals(List.of("$bb insmod /lib/modules/6.1/kernel/fs/jbd2/jbd2.ko 2>/dev/null",
        "$bb insmod '/lib/modules/6.1/it'\\''s.ko' 2>/dev/null"), loads);
    assertTrue(script.startsWith("#!/bin/busybox sh\n"));
    assertTrue(script.contains("switch_root /imgc/root \"$init\""));
    Path file = Files.writeString(dir.resolve("init"), script);
    Process check = new ProcessBuilder("/bin/busybox", "sh", "-n", file.toString()).redirectErrorStream(true).start();
    assertTrue(check.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, check.exitValue(), new String(check.getInputStream().readAllBytes()));
  }
}
