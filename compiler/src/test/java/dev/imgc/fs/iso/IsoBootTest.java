package dev.imgc.fs.iso;

import static dev.imgc.fs.block.Tools.TIME;
import static dev.imgc.fs.block.Tools.dir;
import static dev.imgc.fs.block.Tools.file;
import static dev.imgc.fs.block.Tools.hostFile;
import static dev.imgc.fs.block.Tools.write;
import static dev.imgc.fs.block.Tools.zeros;

import dev.imgc.fs.Entry;
import dev.imgc.fs.block.Qemu;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real oracle for El Torito, the boot info table and the hybrid MBR: firmware booting the image
 * in QEMU (TCG) and the bootloader printing a marker on the serial console.
 */
@Tag("boot")
class IsoBootTest {
  @TempDir Path tmp;

  private Path biosIso() throws IOException {
    List<Entry> entries = List.of(
        dir("isolinux"),
        hostFile("isolinux/isolinux.bin", Path.of("/usr/lib/ISOLINUX/isolinux.bin")),
        hostFile("isolinux/ldlinux.c32", Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32")),
        file("isolinux/isolinux.cfg", "SERIAL 0 115200\nPROMPT 0\nDEFAULT marker\nLABEL marker\n  KERNEL IMGC-BIOS-MARKER\n"));
    IsoOptions options = IsoOptions.plain("IMGC_BIOS", TIME).withBiosBoot("isolinux/isolinux.bin")
        .withHybrid(Files.readAllBytes(Path.of("/usr/lib/ISOLINUX/isohdpfx.bin")), 0x1d5c0de).withJoliet();
    return write(IsoImage.layout(entries, options), tmp.resolve("bios.iso"));
  }

  private Path efiIso() throws IOException {
    // A 40 MiB file makes the FAT image larger than El Torito's 16-bit sector count can say, as an ESP
    // holding a kernel and an initrd is.
    List<Entry> esp = new ArrayList<>(Qemu.systemdBootEsp());
    esp.add(zeros("padding.bin", 40 << 20));
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
    Qemu.assertBoots("IMGC-BIOS-MARKER", "-cdrom", biosIso().toString());
  }

  @Test
  void biosBootsTheHybridIsoAsDisk() throws Exception {
    Qemu.assertBoots("IMGC-BIOS-MARKER", "-drive", "file=" + biosIso() + ",format=raw,if=ide");
  }

  @Test
  void ovmfBootsSystemdBootFromTheElToritoEfiEntry() throws Exception {
    Qemu.assertBoots("IMGC-EFI-MARKER", "-bios", "/usr/share/ovmf/OVMF.fd", "-cdrom", efiIso().toString());
  }

  @Test
  void ovmfFindsTheEspOfTheHybridIsoAsDisk() throws Exception {
    Qemu.assertBoots("IMGC-EFI-MARKER", "-bios", "/usr/share/ovmf/OVMF.fd", "-drive", "file=" + efiIso() + ",format=raw,if=ide");
  }
}
