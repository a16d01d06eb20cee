package dev.imgc.fs.cpio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.BootFixtures;
import dev.imgc.fs.compress.Compression;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots a Debian kernel with {@code qemu -kernel -initrd} (SeaBIOS) and an initrd of three archives:
 * an uncompressed cpio, the busybox root compressed with xz (CRC32 check), and one more cpio with
 * zstd. The kernel unpacks concatenated archives in turn, so the marker, one file from each, shows
 * it accepted both compressors' output.
 */
@Tag("boot")
class InitrdBootTest {
  @TempDir Path tmp;

  @Test
  void theKernelUnpacksUncompressedXzAndZstdArchivesAndRunsInit() throws Exception {
    Path kernel = BootFixtures.debianKernel();
    Path initrd = BootFixtures.markedInitrd(tmp.resolve("initrd.img"), "XZ-", Compression.XZ);
    try (OutputStream zstd = Compression.ZSTD.wrap(Files.newOutputStream(initrd, StandardOpenOption.APPEND))) {
      CpioWriter.write(BootFixtures.markerPart(3, "ZSTD-BOOTED"), zstd);
    }

    String console = BootFixtures.bootUntil("IMGC-XZ-ZSTD-BOOTED", tmp, "-kernel", kernel.toString(),
        "-initrd", initrd.toString(), "-append", "console=ttyS0 panic=-1 loglevel=4");
    assertTrue(console.contains("IMGC-XZ-ZSTD-BOOTED"), () -> "no marker on the serial console:\n" + console);
  }
}
