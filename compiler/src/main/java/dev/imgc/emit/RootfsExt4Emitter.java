package dev.imgc.emit;

import dev.imgc.fs.ext4.Ext4Image;
import dev.imgc.fs.ext4.Ext4Options;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code rootfs-ext4}: a {@link KataDisk} whose partition holds the root filesystem as ext4,
 * read-write; beside it {@code NAME-kernel}, the boot stage's initrd (which loads virtio_blk and ext4,
 * mounts the partition and switch_roots into the root's /init) and a command line saying {@code root=/dev/vda1}, which a kernel with those drivers
 * built in also boots without the initrd. The filesystem is sized from the root plus a quarter free
 * (at least 8 MiB); its UUID and directory hash seed derive from the plan's digest.
 */
final class RootfsExt4Emitter implements FormatEmitter {
  /** Where the root is: the first partition of the first virtio disk, mounted read-write. */
  static final String ROOT_ARGUMENTS = "root=/dev/vda1 rootfstype=ext4 rw";

  @Override
  public void emit(Emission emission) throws IOException {
    new KernelRootDiskEmitter(Format.ROOTFS_EXT4, ROOT_ARGUMENTS, RootfsExt4Emitter::writeDisk).emit(emission);
  }

  private static void writeDisk(Emission emission, Path file) throws IOException {
    Identity ids = emission.identity();
    Ext4Options options = Ext4Options.of(ids.guid("rootfs-ext4 filesystem"), ids.guid("rootfs-ext4 directory hash seed"),
        emission.time()).withLabel("imgc-root");
    KataDisk.write(emission, Format.ROOTFS_EXT4, Ext4Image.layout(emission.appliance().rootfs(), options), file);
  }
}
