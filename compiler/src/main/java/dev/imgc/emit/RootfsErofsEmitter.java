package dev.imgc.emit;

import dev.imgc.fs.block.FileImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code rootfs-erofs}: a {@link KataDisk} whose partition holds the root filesystem as erofs ({@link
 * RootErofs}), read-only; beside it {@code NAME-kernel}, the boot stage's initrd (which loads
 * virtio_blk, erofs and overlay, mounts the partition under an overlay whose writes stay in memory and
 * switch_roots into the root's /init) and a command line saying {@code root=/dev/vda1}.
 */
final class RootfsErofsEmitter implements FormatEmitter {
  /** Where the root is: the first partition of the first virtio disk, read-only. */
  static final String ROOT_ARGUMENTS = "root=/dev/vda1 rootfstype=erofs ro";

  @Override
  public void emit(Emission emission) throws IOException {
    new KernelRootDiskEmitter(Format.ROOTFS_EROFS, ROOT_ARGUMENTS, RootfsErofsEmitter::writeDisk).emit(emission);
  }

  /** The erofs image is written first, at positions of its own, then copied into the partition. */
  private static void writeDisk(Emission emission, Path file) throws IOException {
    Path root = emission.staging().scratch(emission.appliance().name() + "-root.erofs");
    RootErofs.write(emission, root);
    KataDisk.write(emission, Format.ROOTFS_EROFS, FileImage.of(root), file);
  }
}
