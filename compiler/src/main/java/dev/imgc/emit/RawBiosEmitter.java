package dev.imgc.emit;

import dev.imgc.boot.BootAsset;
import dev.imgc.boot.BootAssets;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import dev.imgc.fs.fat.FatType;
import dev.imgc.fs.part.DiskLayout;
import dev.imgc.fs.part.MbrDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code raw-bios}: {@code NAME-bios.img}, an MBR disk with syslinux's {@code mbr.bin} and one active
 * FAT partition holding {@code syslinux.cfg}, the kernel and the initrd; syslinux itself is installed
 * by the host's {@code syslinux --offset … --install} (see {@link SyslinuxInstaller}), which writes
 * {@code ldlinux.sys} and {@code ldlinux.c32} into the filesystem's free space through mtools.
 */
final class RawBiosEmitter implements FormatEmitter {
  /** Free space left in the FAT for syslinux's files (ldlinux.sys and ldlinux.c32 take about 180 KiB). */
  static final long SYSLINUX_ROOM = 1 << 20;

  @Override
  public List<Path> hostFiles(BootAssets assets) throws IOException {
    return List.of(SyslinuxInstaller.locate(), assets.locate(BootAsset.SYSLINUX_MBR));
  }

  @Override
  public void emit(Emission emission) throws IOException {
    BootTree tree = new BootTree(emission.time())
        .text("syslinux.cfg", emission.bootEntry().syslinuxConfig())
        .file(Emission.KERNEL_PATH, emission.appliance().bootKernel())
        .file(Emission.INITRD_PATH, emission.initrdBytes());
    FatOptions options = emission.fatOptions("raw-bios").withHiddenSectors(DiskLayout.FIRST_LBA);
    long contents = FatImage.layout(tree.entries(), options).size();
    FatImage fat = FatImage.layout(tree.entries(), options.withSize(contents + SYSLINUX_ROOM));
    MbrDisk disk = new MbrDisk(Files.readAllBytes(emission.asset(BootAsset.SYSLINUX_MBR)),
        emission.identity().number("raw-bios disk signature"), List.of(new MbrDisk.Partition(partitionType(fat.type()), true, fat)));
    Path output = emission.output(Format.RAW_BIOS);
    Emission.writeImage(disk, output);
    SyslinuxInstaller.install(output, DiskLayout.FIRST_LBA * 512, emission.time());
  }

  /** The MBR partition type of a FAT variant, addressed by LBA. */
  static int partitionType(FatType type) {
    return switch (type) {
      case FAT12 -> 0x01;
      case FAT16 -> 0x0E;
      case FAT32 -> 0x0C;
    };
  }
}
