package dev.imgc.emit;

import java.io.IOException;

/**
 * {@code rootfs-ext4}: a {@link KataDisk} whose partition holds the root filesystem as ext4,
 * read-write; beside it {@code NAME-kernel}, the boot stage's initrd (which loads virtio_blk and ext4,
 * mounts the partition and switch_roots into the root's /init) and a command line saying {@code root=/dev/vda1}, which a kernel with those drivers
 * built in also boots without the initrd. The filesystem is sized from the root plus a quarter free
 * (at least 8 MiB), or as {@code --root-size} asks; its UUID and directory hash seed derive from the
 * plan's digest. With {@code --dax-header} the disk has the NVDIMM header of Kata's osbuilder in
 * front ({@link dev.imgc.fs.part.DaxDisk}).
 */
final class RootfsExt4Emitter implements FormatEmitter {
  /** Where the root is: the first partition of the first virtio disk, mounted read-write. */
  static final String ROOT_ARGUMENTS = "root=/dev/vda1 rootfstype=ext4 rw";

  @Override
  public void emit(Emission emission) throws IOException {
    new KernelRootDiskEmitter(Format.ROOTFS_EXT4, ROOT_ARGUMENTS, KataDisk.holding(Format.ROOTFS_EXT4, RootFs.EXT4)).emit(emission);
  }
}
