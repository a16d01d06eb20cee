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

  /**
   * The stage finds root=PARTUUID= as the kernel names partitions: a GPT partition by its unique GUID,
   * an MBR partition by the disk signature and its number in hex ({@code 1234abcd-02}). The tables are
   * sfdisk's, given those identifiers; the stage's function reads them with busybox, as in the guest.
   */
  @Test
  void partitionUuidsAreReadFromGptAndMbrTablesAsLinuxGivesThem(@TempDir Path dir) throws Exception {
    String script = BootStage.render(List.of());
    int start = script.indexOf("imgc_partuuid() {");
    String function = script.substring(start, script.indexOf("\n}\n", start) + 3);
    Path gpt = disk(dir.resolve("gpt.img"), "label: gpt\nstart=2048, size=2048, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B,"
        + " uuid=0FC63DAF-8483-4772-8E79-3D69D8477DE4\nstart=4096, size=2048, uuid=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709\n");
    Path mbr = disk(dir.resolve("mbr.img"), "label: dos\nlabel-id: 0x0a34bcde\nstart=2048, size=2048, type=c\n"
        + "start=4096, size=2048, type=83\n");
    Path test = Files.writeString(dir.resolve("test.sh"), "bb=/bin/busybox\n" + function
        + "imgc_partuuid \"$1\" \"$2\" 512\n");
    assertEquals("0fc63daf-8483-4772-8e79-3d69d8477de4", run(test, gpt, 1));
    assertEquals("4f68bce3-e8cd-4db1-96e7-fbcaf984b709", run(test, gpt, 2));
    assertEquals("0a34bcde-02", run(test, mbr, 2));
  }

  private static Path disk(Path file, String table) throws Exception {
    try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(4 << 20);
    }
    Process sfdisk = new ProcessBuilder("sfdisk", "-q", file.toString()).redirectErrorStream(true).start();
    sfdisk.getOutputStream().write(table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    sfdisk.getOutputStream().close();
    String output = new String(sfdisk.getInputStream().readAllBytes());
    assertTrue(sfdisk.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, sfdisk.exitValue(), output);
    return file;
  }

  private static String run(Path script, Path disk, int partition) throws Exception {
    Process sh = new ProcessBuilder("/bin/busybox", "sh", script.toString(), disk.toString(), String.valueOf(partition))
        .redirectErrorStream(true).start();
    String output = new String(sh.getInputStream().readAllBytes()).strip();
    assertTrue(sh.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, sh.exitValue(), output);
    return output;
  }
}
