package dev.imgc.emit;

import dev.imgc.fs.block.FileImage;
import dev.imgc.fs.block.ImageWriter;
import dev.imgc.fs.part.DaxDisk;
import dev.imgc.fs.part.GptDisk;
import dev.imgc.fs.part.MbrDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A disk as Kata Containers' osbuilder lays out its rootfs images: one partition at 1 MiB holding the
 * root filesystem, the disk's first ({@code /dev/vda1}, the root Kata's runtime names). Its table is an
 * MBR by default, as osbuilder writes it, the partition of type 0x83 (Linux) and the disk signature
 * derived from the plan's digest; with {@code --dax-header}, behind osbuilder's NVDIMM header
 * ({@link DaxDisk}). With {@code --partition-table gpt} it is a GPT whose partition is typed as the
 * Discoverable Partitions Specification types a root for the machine, named {@code root}, the disk's
 * and the partition's GUIDs derived from the plan's digest, the backup table in the disk's last sectors.
 */
final class KataDisk {
  private KataDisk() {}

  /** The disk of {@code format}, staged as its root image: the root filesystem as {@code type} in the partition. */
  static KernelRootDiskEmitter.RootImage holding(Format format, RootFs type) {
    return (emission, fileName) ->
        write(emission, format, FileImage.of(emission.rootImage(type)), emission.staging().output(fileName));
  }

  private static void write(Emission emission, Format format, ImageWriter root, Path file) throws IOException {
    DiskOptions options = emission.diskOptions();
    Identity ids = emission.identity();
    String disk = format.userName() + " disk";
    ImageWriter image = switch (options.partitionTable()) {
      case GPT -> new GptDisk(ids.guid(disk), List.of(new GptDisk.Partition(emission.architecture().rootPartitionType(),
          ids.guid(format.userName() + " root partition"), "root", root)));
      case MBR -> options.daxHeader() ? new DaxDisk(ids.number(disk), BiosDisk.LINUX_PARTITION, root)
          : new MbrDisk(new byte[0], ids.number(disk), List.of(new MbrDisk.Partition(BiosDisk.LINUX_PARTITION, false, root)));
    };
    Emission.writeImage(image, file);
  }
}
