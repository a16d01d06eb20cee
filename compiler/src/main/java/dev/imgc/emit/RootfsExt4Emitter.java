package dev.imgc.emit;

import dev.imgc.fs.block.FileImage;
import dev.imgc.fs.part.DaxDisk;
import dev.imgc.fs.part.MbrDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code rootfs-ext4}: a disk as Kata Containers' osbuilder makes one, an MBR whose one partition (type
 * 0x83, at 1 MiB) holds the root filesystem as ext4, read-write; beside it {@code NAME-kernel}, the boot
 * stage's initrd (which loads virtio_blk and ext4, mounts the partition and switch_roots into the
 * root's /init) and a command line saying {@code root=/dev/vda1}, which a kernel with those drivers
 * built in also boots without the initrd. The filesystem is sized from the root plus a quarter free
 * (at least 8 MiB), or as {@code --root-size} asks; its UUID and directory hash seed derive from the
 * plan's digest. With {@code --dax-header} the disk has the NVDIMM header of Kata's osbuilder in
 * front ({@link DaxDisk}).
 */
final class RootfsExt4Emitter implements FormatEmitter {
  /** Where the root is: the first partition of the first virtio disk, mounted read-write. */
  static final String ROOT_ARGUMENTS = "root=/dev/vda1 rootfstype=ext4 rw";

  @Override
  public void emit(Emission emission) throws IOException {
    new KernelRootDiskEmitter(Format.ROOTFS_EXT4, ROOT_ARGUMENTS, 
        (e, fileName) -> writeDisk(e, e.staging().output(fileName))).emit(emission);
  }

  private static void writeDisk(Emission emission, Path file) throws IOException {
    int signature = emission.identity().number("rootfs-ext4 disk");
    FileImage root = FileImage.of(emission.rootImage(RootFs.EXT4));
    Emission.writeImage(emission.diskOptions().daxHeader() ? new DaxDisk(signature, BiosDisk.LINUX_PARTITION, root)
        : new MbrDisk(new byte[0], signature, List.of(new MbrDisk.Partition(BiosDisk.LINUX_PARTITION, false, root))), file);
  }
}
