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
import java.util.ArrayList;
import java.util.List;

/**
 * The BIOS disk ({@code raw-bios}, and inside {@code qcow2-bios}, {@code vhd}, {@code vmdk}, {@code gcp},
 * {@code aws}): an MBR with syslinux's {@code mbr.bin} and one active FAT partition holding
 * {@code syslinux.cfg}, the kernel and the initrd; syslinux itself is installed by the host's
 * {@code syslinux --offset … --install} (see {@link SyslinuxInstaller}), which writes
 * {@code ldlinux.sys} and {@code ldlinux.c32} into the filesystem's free space through mtools. With
 * {@code --root-fs} other than initrd, a second partition (type 0x83) holds the root filesystem and the
 * FAT the boot stage that mounts it, named by the MBR's {@code PARTUUID} (signature and number).
 */
record BiosDisk() implements BootDisk {
  /** Free space left in the FAT for syslinux's files (ldlinux.sys and ldlinux.c32 take about 180 KiB). */
  static final long SYSLINUX_ROOM = 1 << 20;
  /** The MBR type of a Linux filesystem's partition, the root's with {@code --root-fs}. */
  static final int LINUX_PARTITION = 0x83;

  @Override
  public List<Path> hostFiles(BootAssets assets, Architecture architecture) throws IOException {
    return List.of(SyslinuxInstaller.locate(), assets.locate(BootAsset.SYSLINUX_MBR));
  }

  @Override
  public void write(Emission emission, Path target) throws IOException {
    int signature = emission.identity().number("raw-bios disk signature");
    DiskRoot root = new DiskRoot(emission.diskOptions().rootFs(), MbrDisk.partitionUuid(signature, 2));
    BootTree tree = new BootTree(emission.time())
        .text("syslinux.cfg", root.entry(emission).syslinuxConfig())
        .file(Emission.KERNEL_PATH, emission.kernel())
        .file(Emission.INITRD_PATH, root.initrd(emission));
    FatOptions options = emission.fatOptions("raw-bios").withHiddenSectors(DiskLayout.FIRST_LBA);
    long contents = FatImage.layout(tree.entries(), options).size();
    FatImage fat = FatImage.layout(tree.entries(), options.withSize(contents + SYSLINUX_ROOM));
    List<MbrDisk.Partition> partitions = new ArrayList<>();
    partitions.add(new MbrDisk.Partition(partitionType(fat.type()), true, fat));
    if (root.type().onDisk()) {
      partitions.add(new MbrDisk.Partition(LINUX_PARTITION, false, root.filesystem(emission)));
    }
    MbrDisk disk = new MbrDisk(Files.readAllBytes(emission.asset(BootAsset.SYSLINUX_MBR)), signature, partitions,
        emission.diskOptions().size());
    Emission.writeImage(disk, target);
    SyslinuxInstaller.install(target, DiskLayout.FIRST_LBA * 512, emission.time());
  }

  @Override
  public String name() {
    return "bios";
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
