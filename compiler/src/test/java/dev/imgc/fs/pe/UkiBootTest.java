package dev.imgc.fs.pe;

import static dev.imgc.fs.StreamTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.BootFixtures;
import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.CpioWriter;
import dev.imgc.fs.cpio.InitrdWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots a UKI under OVMF in QEMU: systemd-stub + a Debian kernel + an initrd from our cpio writer.
 * The initrd is an uncompressed cpio (standing in for early microcode) followed by a gzip'd one from
 * the parallel deflater; /init prints a file from each, so the marker proves the stub, the kernel's
 * unpacking of both archives, device nodes, symlinks and hard links.
 */
@Tag("boot")
class UkiBootTest {
  private static final String MARKER = "IMGC-UKI-BOOTED";
  @TempDir Path tmp;

  private static Metadata meta(int mode) {
    return new Metadata(mode, 0, 0, 0);
  }

  private static Entry.RegularFile text(String path, int mode, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Entry.RegularFile(path, meta(mode), bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  private static byte[] cpio(List<Entry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CpioWriter.write(entries, out);
    return out.toByteArray();
  }

  private Path initrd() throws IOException {
    long busyboxSize = Files.size(BootFixtures.BUSYBOX);
    String init = "#!/bin/sh\n"
        + "/bin/busybox mount -t proc proc /proc\n"
        + "echo \"$(cat /etc/first-half)-$(cat /etc/second-half.link)\" > /dev/console\n"
        + "/bin/busybox poweroff -f\n";
    List<Entry> main = List.of(
        new Entry.Directory("bin", meta(0755)),
        new Entry.RegularFile("bin/busybox", meta(0755), busyboxSize,
            () -> Files.newInputStream(BootFixtures.BUSYBOX)),
        new Entry.HardLink("bin/cat", meta(0755), "bin/busybox"),
        new Entry.Symlink("bin/sh", meta(0777), "busybox"),
        new Entry.Symlink("bin/echo", meta(0777), "busybox"),
        new Entry.Directory("dev", meta(0755)),
        new Entry.Device("dev/console", meta(0600), Entry.DeviceKind.CHARACTER, 5, 1),
        new Entry.Directory("etc", meta(0755)),
        text("etc/second-half", 0644, "BOOTED"),
        new Entry.HardLink("etc/second-half.link", meta(0644), "etc/second-half"),
        new Entry.Directory("proc", meta(0755)),
        text("init", 0755, init));
    byte[] prefix = cpio(List.of(new Entry.Directory("etc", meta(0755)), text("etc/first-half", 0644, "IMGC-UKI")));

    Path initrd = tmp.resolve("initrd.img");
    InitrdWriter.write(List.of(() -> new ByteArrayInputStream(prefix)), main, Compression.GZIP,
        Files.newOutputStream(initrd));
    return initrd;
  }

  @Test
  void theUkiBootsUnderOvmfAndRunsInitFromTheInitrd() throws Exception {
    Path kernel = BootFixtures.debianKernel();
    Path initrd = initrd();
    Path uki = tmp.resolve("BOOTX64.EFI");
    UkiWriter.write(BootFixtures.SYSTEMD_STUB, List.of(
        UkiSection.text(".osrel", "ID=imgc-test\nNAME=imgc test\n"),
        UkiSection.text(".cmdline", "console=ttyS0 panic=-1 loglevel=4"),
        UkiSection.text(".uname", BootFixtures.release(kernel)),
        new UkiSection(".initrd", Files.size(initrd), () -> Files.newInputStream(initrd)),
        new UkiSection(".linux", Files.size(kernel), () -> Files.newInputStream(kernel))), uki);

    Path esp = tmp.resolve("esp.img");
    run(tmp, "mkfs.fat", "-C", esp.toString(), String.valueOf(64 * 1024));
    run(tmp, "mmd", "-i", esp.toString(), "::/EFI", "::/EFI/BOOT");
    run(tmp, "mcopy", "-i", esp.toString(), uki.toString(), "::/EFI/BOOT/BOOTX64.EFI");

    Path serial = tmp.resolve("serial.log");
    Process qemu = new ProcessBuilder("qemu-system-x86_64", "-accel", "tcg", "-m", "512", "-nodefaults",
        "-display", "none", "-no-reboot", "-bios", BootFixtures.OVMF.toString(),
        "-drive", "format=raw,file=" + esp, "-serial", "file:" + serial)
        .redirectErrorStream(true).redirectOutput(tmp.resolve("qemu.log").toFile()).start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
      String log = "";
      while (Instant.now().isBefore(deadline) && !log.contains(MARKER) && qemu.isAlive()) {
        Thread.sleep(500);
        log = Files.exists(serial) ? Files.readString(serial, StandardCharsets.ISO_8859_1) : "";
      }
      qemu.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
      log = Files.exists(serial) ? Files.readString(serial, StandardCharsets.ISO_8859_1) : "";
      String tail = log.length() > 4000 ? log.substring(log.length() - 4000) : log;
      assertTrue(log.contains("IMGC-UKI-BOOTED"), "no marker on the serial console:\n" + tail);
    } finally {
      qemu.destroyForcibly();
    }
  }
}
