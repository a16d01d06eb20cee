package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk formats' options and clashes are usage errors, found before any spec is read or file written. */
class CompileDiskOptionsTest {
  @TempDir Path tmp;

  @Test
  void formatsThatWriteOneFileAreAUsageError() throws Exception {
    Path spec = Files.writeString(tmp.resolve("a.yml"), "kernel:\n  image: x\n");
    Path out = tmp.resolve("out");
    ImgcRun run = imgc("compile", spec.toString(), "-o", out.toString(), "--format", "vhd,dynamic-vhd");
    assertEquals(2, run.status(), run.err());
    assertTrue(run.err().contains("formats vhd and dynamic-vhd both write NAME.vhd; ask for one of them"), run.err());
    assertTrue(Files.notExists(out));
  }

  @Test
  void aDiskSizeThatIsNotWholeMibIsAUsageError() throws Exception {
    Path spec = Files.writeString(tmp.resolve("a.yml"), "kernel:\n  image: x\n");
    ImgcRun run = imgc("compile", spec.toString(), "-o", tmp.resolve("out").toString(), "--format", "qcow2-bios",
        "--disk-size", "1.5G");
    assertEquals(2, run.status(), run.err());
    assertTrue(run.err().contains("'1.5G' is not a disk size; write a whole number of MiB, GiB or TiB such as 512M, 2G or 1T"),
        run.err());
  }
}
