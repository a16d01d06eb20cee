package dev.imgc.emit;

import dev.imgc.fs.erofs.ErofsCompression;
import dev.imgc.fs.part.DiskSize;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the disk formats are written.
 *
 * @param size the disks' size ({@code --disk-size}); empty for just what the partitions need
 * @param qcow2Compressed whether a qcow2's clusters are deflated ({@code --qcow2-compress})
 * @param rootFs where the boot disks keep the root filesystem ({@code --root-fs})
 * @param rootSize the size of an ext4 root filesystem ({@code --root-size}: {@code rootfs-ext4}'s, and
 *     the boot disks' with {@code --root-fs ext4}); empty for its contents plus a quarter free
 * @param daxHeader whether the disk of {@code rootfs-ext4} and {@code rootfs-erofs} has the NVDIMM/DAX
 *     header of Kata's osbuilder in front ({@code --dax-header})
 * @param partitionTable the partition table of the disk of {@code rootfs-ext4} and {@code rootfs-erofs}
 *     ({@code --partition-table})
 * @param erofsCompression how an erofs root keeps its files ({@code --erofs-compress}: {@code kernel+erofs}'s,
 *     {@code rootfs-erofs}'s, the boot disks' with {@code --root-fs erofs}); uncompressed unless asked, as
 *     LinuxKit's {@code kernel+erofs} is ({@code mkfs.erofs} without {@code -z})
 */
public record DiskOptions(Optional<DiskSize> size, boolean qcow2Compressed, RootFs rootFs, Optional<DiskSize> rootSize,
    boolean daxHeader, PartitionTable partitionTable, ErofsCompression erofsCompression) {
  /** Disks as large as their partitions need, qcow2 uncompressed, the root in the initrd. */
  public static final DiskOptions DEFAULT = new DiskOptions(Optional.empty(), false);

  /** Refuses {@code --dax-header} with a GPT: osbuilder's DAX layout is two MBRs, and has no GPT form. */
  public DiskOptions {
    if (daxHeader && partitionTable == PartitionTable.GPT) {
      throw new IllegalArgumentException("--dax-header writes Kata osbuilder's NVDIMM layout, which has an MBR in front of "
          + "the header and another behind it and no GPT form; leave out --dax-header or --partition-table gpt");
    }
  }

  /** Disks whose root is in the initrd, as they have always been. */
  public DiskOptions(Optional<DiskSize> size, boolean qcow2Compressed) {
    this(size, qcow2Compressed, RootFs.INITRD, Optional.empty(), false, PartitionTable.MBR, ErofsCompression.NONE);
  }

  /** The default disks, their root kept as {@code rootFs}: all a plan needs of the disk options ({@link #bootStage}). */
  public static DiskOptions rootOn(RootFs rootFs) {
    return new DiskOptions(Optional.empty(), false, rootFs, Optional.empty(), false, PartitionTable.MBR,
        ErofsCompression.NONE);
  }

  /**
   * Whether {@code formats} written with these options boot a root on a disk through the boot stage:
   * a format whose root is a disk of its own ({@code kernel+squashfs}, {@code rootfs-ext4}), or a boot
   * disk whose root is in a partition ({@code --root-fs}).
   */
  public boolean bootStage(Set<Format> formats) {
    return formats.stream().anyMatch(f -> f.boot().map(b -> b.medium() == Boot.Medium.KERNEL_ROOT_DISK).orElse(false)
        || rootFs.onDisk() && f.holdsBootDisk());
  }

  /**
   * Refuses options that {@code formats} do not use, which a user gave expecting an effect: {@code
   * --root-fs} without a boot disk, {@code --root-size} without an ext4 root, {@code --dax-header} or
   * {@code --partition-table gpt} without {@code rootfs-ext4} or {@code rootfs-erofs}, {@code
   * --erofs-compress} without an erofs root.
   */
  public void checkUsedBy(Set<Format> formats) {
    boolean bootDisk = formats.stream().anyMatch(Format::holdsBootDisk);
    if (rootFs.onDisk() && !bootDisk) {
      throw new IllegalArgumentException("--root-fs " + rootFs + " places the root on the boot disks of "
          + bootDisks() + ", and none is asked; add one to --format or leave --root-fs out");
    }
    boolean ext4 = formats.contains(Format.ROOTFS_EXT4) || rootFs == RootFs.EXT4 && bootDisk;
    if (rootSize.isPresent() && !ext4) {
      throw new IllegalArgumentException("--root-size sizes an ext4 root, of rootfs-ext4 or of a boot disk with "
          + "--root-fs ext4, and none is asked; ask for one or leave --root-size out");
    }
    boolean kataDisk = formats.contains(Format.ROOTFS_EXT4) || formats.contains(Format.ROOTFS_EROFS);
    if (daxHeader && !kataDisk) {
      throw new IllegalArgumentException("--dax-header puts Kata's NVDIMM header in front of the disk of rootfs-ext4 "
          + "or rootfs-erofs, and neither is asked; add one to --format or leave --dax-header out");
    }
    if (partitionTable == PartitionTable.GPT && !kataDisk) {
      throw new IllegalArgumentException("--partition-table gpt chooses the partition table of the disk of rootfs-ext4 "
          + "or rootfs-erofs, and neither is asked (raw-efi is always GPT, raw-bios MBR); add one to --format or leave "
          + "--partition-table out");
    }
    boolean erofs = formats.contains(Format.KERNEL_EROFS) || formats.contains(Format.ROOTFS_EROFS)
        || rootFs == RootFs.EROFS && bootDisk;
    if (erofsCompression != ErofsCompression.NONE && !erofs) {
      throw new IllegalArgumentException("--erofs-compress compresses an erofs root, of kernel+erofs, rootfs-erofs or a "
          + "boot disk with --root-fs erofs, and none is asked; ask for one or leave --erofs-compress out");
    }
  }

  private static String bootDisks() {
    return Arrays.stream(Format.values()).filter(Format::holdsBootDisk).map(Format::userName)
        .collect(Collectors.joining(", "));
  }

  /** The options as a line of the build cache's key. */
  public String inputLine() {
    return "disk size " + size.map(DiskSize::toString).orElse("fit") + (qcow2Compressed ? ", qcow2 compressed" : "")
        + (rootFs.onDisk() ? ", root " + rootFs : "") + rootSize.map(s -> ", root size " + s).orElse("")
        + (daxHeader ? ", dax header" : "") + (partitionTable == PartitionTable.MBR ? "" : ", " + partitionTable + " partition table")
        + (erofsCompression == ErofsCompression.NONE ? "" : ", erofs " + erofsCompression.userName());
  }
}
