package dev.imgc.fs.iso;

import static dev.imgc.fs.block.Tools.TIME;
import static dev.imgc.fs.block.Tools.dir;
import static dev.imgc.fs.block.Tools.file;
import static dev.imgc.fs.block.Tools.hostFile;
import static dev.imgc.fs.block.Tools.write;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real oracle for El Torito, the boot info table and the hybrid MBR: firmware booting the image
 * in QEMU (TCG) and the bootloader printing a marker on the serial console.
 */
@Tag("boot")
class IsoBootTest {
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path tmp;

  private Path biosIso() throws IOException {
    List<Entry> entries = List.of(
        dir("isolinux"),
        hostFile("isolinux/isolinux.bin", Path.of("/usr/lib/ISOLINUX/isolinux.bin")),
        hostFile("isolinux/ldlinux.c32", Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32")),
        file("isolinux/isolinux.cfg", "SERIAL 0 115200\nPROMPT 0\nDEFAULT marker\nLABEL marker\n  KERNEL IMGC-BIOS-MARKER\n"));
    IsoOptions options = IsoOptions.plain("IMGC_BIOS", TIME).withBiosBoot("isolinux/isolinux.bin")
        .withHybrid(Files.readAllBytes(Path.of("/usr/lib/ISOLINUX/isohdpfx.bin")), 0x1d5c0de);
    return write(IsoImage.layout(entries, options), tmp.resolve("bios.iso"));
  }

  private Path efiIso() throws IOException {
    List<Entry> esp = List.of(dir("EFI"), dir("EFI/BOOT"),
        hostFile("EFI/BOOT/BOOTX64.EFI", Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi")),
        dir("loader"), file("loader/loader.conf", "timeout 30\n"), dir("loader/entries"),
        file("loader/entries/imgc.conf", "title IMGC-EFI-MARKER\nlinux /vmlinuz\n"),
        file("vmlinuz", "a kernel is not needed: the menu shows the entry's title"));
    Path fat = write(FatImage.layout(esp, FatOptions.of("ESP", 0x5eed, TIME)), tmp.resolve("efi.img"));
    List<Entry> entries = new ArrayList<>();
    entries.add(dir("boot"));
    entries.add(hostFile("boot/efi.img", fat));
    IsoOptions options = IsoOptions.plain("IMGC_EFI", TIME).withEfiBoot("boot/efi.img").withHybrid(new byte[0], 0xef1);
    return write(IsoImage.layout(entries, options), tmp.resolve("efi.iso"));
  }

  // isolinux prints "Loading IMGC-BIOS-MARKER... failed" once it has read isolinux.cfg from the ISO (a SAY
  // line would reach only the screen: the serial console starts after the whole file is read).
  @Test
  void biosBootsTheIsoAsCdrom() throws Exception {
    assertBoots("IMGC-BIOS-MARKER", "-cdrom", biosIso().toString());
  }

  @Test
  void biosBootsTheHybridIsoAsDisk() throws Exception {
    assertBoots("IMGC-BIOS-MARKER", "-drive", "file=" + biosIso() + ",format=raw,if=ide");
  }

  @Test
  void ovmfBootsSystemdBootFromTheElToritoEfiEntry() throws Exception {
    assertBoots("IMGC-EFI-MARKER", "-bios", "/usr/share/ovmf/OVMF.fd", "-cdrom", efiIso().toString());
  }

  @Test
  void ovmfFindsTheEspOfTheHybridIsoAsDisk() throws Exception {
    assertBoots("IMGC-EFI-MARKER", "-bios", "/usr/share/ovmf/OVMF.fd", "-drive", "file=" + efiIso() + ",format=raw,if=ide");
  }

  /** Boots QEMU and waits for {@code marker} on the serial console; decides on the marker, not the exit status. */
  private static void assertBoots(String marker, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-m", "256",
        "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot", "-snapshot"));
    command.addAll(List.of(args));
    Process qemu = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copy(qemu.getInputStream(), seen));
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    boolean found = false;
    try {
      while (!found && System.nanoTime() < deadline && qemu.isAlive()) {
        Thread.sleep(200);
        synchronized (seen) {
          found = seen.toString(StandardCharsets.ISO_8859_1).contains(marker);
        }
      }
    } finally {
      qemu.destroyForcibly();
      qemu.waitFor(10, TimeUnit.SECONDS);
      reader.join(5000);
    }
    synchronized (seen) {
      found = found || seen.toString(StandardCharsets.ISO_8859_1).contains(marker);
      String tail = seen.toString(StandardCharsets.ISO_8859_1);
      assertTrue(found, marker + " not seen within " + TIMEOUT_SECONDS + " s; console:\n"
          + tail.substring(Math.max(0, tail.length() - 3000)));
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        synchronized (out) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // QEMU was stopped; what was read is what counts.
    }
  }
}
