package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.emit.Format;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/persistent.yml}: an onboot formats a blank disk, another mounts it for the other
 * containers, a service counts boots on it; booted twice with the same disk, the count goes on.
 */
@Tag("boot")
class PersistentExampleBootTest {
  @TempDir Path out;

  @Test
  void theCountOnTheDataDiskSurvivesARebootAndTheDiskIsFormattedOnce() throws Exception {
    Guest.compile("persistent", out, "kernel+initrd");
    Path disk = out.resolve("data.img");
    try (RandomAccessFile blank = new RandomAccessFile(disk.toFile(), "rw")) {
      blank.setLength(64L << 20);
    }
    String first = bootOnce(disk, "counter: this is boot number 1");
    assertTrue(!first.contains("already has a filesystem"), () -> "a blank disk was not seen as blank:\n" + first);
    String second = bootOnce(disk, "counter: this is boot number 2");
    assertTrue(second.contains("format: /dev/vda already has a filesystem"), () -> "the disk was formatted again:\n" + second);
  }

  private Path prefix() {
    return out.resolve("persistent");
  }

  private String bootOnce(Path disk, String marker) throws Exception {
    try (Guest guest = Guest.boot(prefix(), Format.KERNEL_INITRD, Guest.machine(List.of(), List.of(disk)))) {
      String console = guest.awaitConsole(marker);
      assertTrue(console.contains(marker), () -> "'" + marker + "' never appeared on the console:\n" + console);
      return console;
    }
  }
}
