package dev.imgc.e2e;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.cli.ImgcRun;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of 5 GB cannot go in an initrd: cpio's newc header gives a file's size 8 hex digits, so at
 * most 4 GiB - 1 byte. The compile is refused in one sentence that gives the file's size and the limit,
 * with exit status 1, and nothing is written. The file is sparse (a hole of 5 GB): it takes no disk and
 * reads as zeros, so only hashing it (as every files: source is) takes time, a few seconds.
 */
class OversizedFileTest {
  private static final long FIVE_GB = 5_000_000_000L;

  @TempDir Path temp;

  @Test
  void aFiveGigabyteFileIsRefusedFromTheInitrdWithItsSizeAndTheLimitAndNothingIsWritten() throws Exception {
    GoldenSpec images = GoldenSpec.create(temp);
    Path big = temp.resolve("big.img");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(FIVE_GB);
    }
    Path spec = temp.resolve("big.yml");
    Files.writeString(spec, String.join("\n",
        "kernel:",
        "  image: dir://" + images.kernel(),
        "  cmdline: console=ttyS0",
        "init:",
        "  - dir://" + images.root(),
        "files:",
        "  - path: var/big.img",
        "    source: " + big,
        ""));
    Path out = temp.resolve("out");
    ImgcRun refused = imgc("compile", spec.toString(), "-o", out.toString(), "--store", temp.resolve("store").toString(),
        "--cache", temp.resolve("cache").toString(), "--format", "kernel+initrd");

    assertEquals(1, refused.status(), refused.err());
    String sentence = "var/big.img is 5,000,000,000 bytes, but a cpio (newc) initrd holds files of at most 4 GiB - 1 byte"
        + " (4,294,967,295 bytes)";
    assertTrue(refused.err().contains(sentence), refused.err());
    assertEquals(1, refused.err().lines().filter(line -> line.contains("4 GiB")).count(), refused.err());
    assertFalse(refused.err().contains("\tat "), "no stack trace: " + refused.err());
    assertTrue(!Files.exists(out) || isEmpty(out), "nothing written");
  }

  private static boolean isEmpty(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.findAny().isEmpty();
    }
  }
}
