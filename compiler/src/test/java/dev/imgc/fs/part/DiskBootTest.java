package dev.imgc.fs.part;

import static dev.imgc.fs.block.Tools.TIME;
import static dev.imgc.fs.block.Tools.check;
import static dev.imgc.fs.block.Tools.file;
import static dev.imgc.fs.block.Tools.write;

import dev.imgc.fs.block.Qemu;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw disks boot: a GPT disk with an ESP under OVMF, an MBR disk with a syslinux FAT partition under SeaBIOS. */
@Tag("boot")
class DiskBootTest {
  private static final byte[] SEED = "disk boot test".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  @Test
  void ovmfBootsTheEspOfAGptDisk() throws Exception {
    FatImage esp = FatImage.layout(Qemu.systemdBootEsp(), FatOptions.of("ESP", 0xe5b, TIME).withHiddenSectors(DiskLayout.FIRST_LBA));
    GptDisk disk = new GptDisk(Guids.derive(SEED, "disk"),
        List.of(new GptDisk.Partition(Guids.EFI_SYSTEM, Guids.derive(SEED, "esp"), "ESP", esp)));
    Path img = write(disk, tmp.resolve("efi.img"));
    Qemu.assertBoots("IMGC-EFI-MARKER", "-bios", "/usr/share/ovmf/OVMF.fd", "-drive", "file=" + img + ",format=raw,if=ide");
  }

  @Test
  void seabiosBootsSyslinuxFromTheBootableFatPartitionOfAnMbrDisk() throws Exception {
    FatImage fat = FatImage.layout(
        List.of(file("syslinux.cfg", "SERIAL 0 115200\nPROMPT 0\nDEFAULT marker\nLABEL marker\n  KERNEL IMGC-RAW-BIOS-MARKER\n")),
        FatOptions.of("BOOT", 0xb105, TIME).withSize(8 << 20).withHiddenSectors(DiskLayout.FIRST_LBA));
    MbrDisk disk = new MbrDisk(Files.readAllBytes(Path.of("/usr/lib/syslinux/mbr/mbr.bin")), 0xb105,
        List.of(new MbrDisk.Partition(0x0E, true, fat)));
    Path img = write(disk, tmp.resolve("bios.img"));
    // syslinux installs its boot sector and ldlinux.sys through mtools, without root.
    check("syslinux", "--offset", String.valueOf(DiskLayout.FIRST_LBA * 512), "--install", img.toString());
    Qemu.assertBoots("IMGC-RAW-BIOS-MARKER", "-drive", "file=" + img + ",format=raw,if=ide");
  }
}
