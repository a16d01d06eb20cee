package dev.imgc.fs.pe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.BootFixtures;
import dev.imgc.fs.compress.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots a UKI under OVMF in QEMU: systemd-stub + a Debian kernel + an initrd from our writers (an
 * uncompressed cpio standing in for early microcode, then the busybox root gzip'd by the parallel
 * deflater). The marker is made of a file from each archive, so it shows the stub found its sections
 * and the kernel unpacked both archives, the device node and the hard link.
 */
@Tag("boot")
class UkiBootTest {
  @TempDir Path tmp;

  @Test
  void theUkiBootsUnderOvmfAndRunsInitFromTheInitrd() throws Exception {
    Path kernel = BootFixtures.debianKernel();
    Path initrd = BootFixtures.markedInitrd(tmp.resolve("initrd.img"), "UKI-BOOTED", Compression.GZIP);
    Path uki = tmp.resolve("BOOTX64.EFI");
    UkiWriter.write(BootFixtures.SYSTEMD_STUB, List.of(
        UkiSection.text(".osrel", "ID=imgc-test\nNAME=imgc test\n"),
        UkiSection.text(".cmdline", "console=ttyS0 panic=-1 loglevel=4"),
        UkiSection.text(".uname", BootFixtures.release(kernel)),
        new UkiSection(".initrd", Files.size(initrd), () -> Files.newInputStream(initrd)),
        new UkiSection(".linux", Files.size(kernel), () -> Files.newInputStream(kernel))), uki);

    Path esp = BootFixtures.removableMediaEsp(uki, tmp);

    String console = BootFixtures.bootUntil("IMGC-UKI-BOOTED", tmp,
        "-bios", BootFixtures.OVMF.toString(), "-drive", "format=raw,file=" + esp);
    assertTrue(console.contains("IMGC-UKI-BOOTED"), () -> "no marker on the serial console:\n" + console);
  }
}
