package dev.imgc.emit;

import dev.imgc.fs.block.ImageWriter;
import dev.imgc.fs.part.MbrDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A disk as Kata Containers' osbuilder lays out its rootfs images: an MBR whose one partition, of type
 * 0x83 (Linux) at 1 MiB, holds the root filesystem; its signature derived from the plan's digest.
 */
final class KataDisk {
  private static final int LINUX_PARTITION = 0x83;

  private KataDisk() {}

  /** Writes the disk of {@code format} holding {@code root} into the new, empty {@code file}. */
  static void write(Emission emission, Format format, ImageWriter root, Path file) throws IOException {
    MbrDisk disk = new MbrDisk(new byte[0], emission.identity().number(format.userName() + " disk"),
        List.of(new MbrDisk.Partition(LINUX_PARTITION, false, root)));
    Emission.writeImage(disk, file);
  }
}
