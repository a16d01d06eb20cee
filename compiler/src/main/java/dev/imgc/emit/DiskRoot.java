package dev.imgc.emit;

import dev.imgc.boot.BootEntry;
import dev.imgc.fs.block.FileImage;
import dev.imgc.fs.block.ImageWriter;
import java.io.IOException;

/**
 * Where a boot disk's root filesystem is ({@code --root-fs}), and so what its boot partition holds:
 * with the root in the initrd, the appliance's initrd and command line; with the root in a partition
 * of its own, the {@link BootStageInitrd} and a command line naming that partition by its
 * {@code PARTUUID}, which the boot stage finds and mounts.
 *
 * @param partitionUuid the root partition's identifier as Linux gives it (a GPT partition's GUID, or
 *     an MBR disk's signature and the partition's number)
 */
record DiskRoot(RootFs type, String partitionUuid) {
  /** The boot loader's entry: the kernel and the initrd (the boot stage's, for a root on the disk). */
  BootEntry entry(Emission emission) {
    String cmdline = emission.appliance().cmdline();
    return emission.bootEntry(type.onDisk() ? cmdline + " " + type.rootArguments(partitionUuid) : cmdline);
  }

  /** The initrd the boot partition holds. */
  FileBytes initrd(Emission emission) throws IOException {
    return type.onDisk() ? FileBytes.of(emission.bootInitrd()) : emission.initrdBytes();
  }

  /** The root partition's filesystem; only for a root on the disk. */
  ImageWriter filesystem(Emission emission) throws IOException {
    return FileImage.of(emission.rootImage(type));
  }
}
