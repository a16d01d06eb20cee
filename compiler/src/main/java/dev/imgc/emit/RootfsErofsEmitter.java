package dev.imgc.emit;

import java.io.IOException;

/**
 * {@code rootfs-erofs}: a {@link KataDisk} whose partition holds the root filesystem as erofs (the
 * same bytes as {@code kernel+erofs}'s image), read-only; beside it {@code NAME-kernel}, the boot stage's initrd (which loads
 * virtio_blk, erofs and overlay, mounts the partition under an overlay whose writes stay in memory and
 * switch_roots into the root's /init) and a command line saying {@code root=/dev/vda1}.
 */
final class RootfsErofsEmitter implements FormatEmitter {
  /** Where the root is: the first partition of the first virtio disk, read-only. */
  static final String ROOT_ARGUMENTS = "root=/dev/vda1 rootfstype=erofs ro";

  @Override
  public void emit(Emission emission) throws IOException {
    new KernelRootDiskEmitter(Format.ROOTFS_EROFS, ROOT_ARGUMENTS, KataDisk.holding(Format.ROOTFS_EROFS, RootFs.EROFS)).emit(emission);
  }
}
