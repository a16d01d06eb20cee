package dev.imgc.emit;

import dev.imgc.fs.block.FileImage;
import dev.imgc.fs.block.ImageWriter;
import dev.imgc.fs.part.DaxDisk;
import dev.imgc.fs.part.MbrDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A disk as Kata Containers' osbuilder lays out its rootfs images: an MBR whose one partition, of type
 * 0x83 (Linux) at 1 MiB, holds the root filesystem; its signature derived from the plan's digest. With
 * {@code --dax-header} the disk has osbuilder's NVDIMM header in front ({@link DaxDisk}).
 */
final class KataDisk {
  private KataDisk() {}

  /** The disk of {@code format}, staged as its root image: the root filesystem as {@code type} in the partition. */
  static KernelRootDiskEmitter.RootImage holding(Format format, RootFs type) {
    return (emission, fileName) ->
        write(emission, format, FileImage.of(emission.rootImage(type)), emission.staging().output(fileName));
  }

  private static void write(Emission emission, Format format, ImageWriter root, Path file) throws IOException {
    int signature = emission.identity().number(format.userName() + " disk");
    Emission.writeImage(emission.diskOptions().daxHeader() ? new DaxDisk(signature, BiosDisk.LINUX_PARTITION, root)
        : new MbrDisk(new byte[0], signature, List.of(new MbrDisk.Partition(BiosDisk.LINUX_PARTITION, false, root))), file);
  }
}
