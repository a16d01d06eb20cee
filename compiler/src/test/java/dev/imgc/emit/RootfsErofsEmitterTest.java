package dev.imgc.emit;

import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.erofs.ErofsCompression;
import dev.imgc.image.oci.Platform;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootfs-erofs}'s disk as {@code sfdisk} and erofs-utils read it: one Linux partition at 1 MiB
 * holding an erofs of the root that {@code fsck.erofs} finds sound, byte for byte {@code kernel+erofs}'s
 * image; the command line naming it read-only; the same bytes every time.
 */
class RootfsErofsEmitterTest {
  @TempDir Path out;
  @TempDir Path again;

  @Test
  void oneLinuxPartitionAtOneMibHoldsTheErofsOfKernelErofs() throws Exception {
    Emitter.emit(EmitFixtures.bootable("bootable"), EnumSet.of(Format.ROOTFS_EROFS, Format.KERNEL_EROFS), out,
        EmitOptions.defaults());
    Path disk = out.resolve("bootable-rootfs-erofs.img");
    assertEquals(EmitFixtures.CMDLINE + " root=/dev/vda1 rootfstype=erofs ro",
        Files.readString(out.resolve("bootable-rootfs-erofs-cmdline")));
    assertEquals(EmitFixtures.CMDLINE, Files.readString(out.resolve("bootable-cmdline")));

    Path image = out.resolve("bootable-erofs.img");
    Path filesystem = EmitFixtures.onlyLinuxPartition(disk, out.resolve("partition.img"));
    try (RandomAccessFile truncate = new RandomAccessFile(filesystem.toFile(), "rw")) {
      truncate.setLength(Files.size(image)); // the partition is whole MiB, the image whole blocks
    }
    assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(filesystem), "the partition holds kernel+erofs's image");
    String fsck = check("fsck.erofs", filesystem.toString());
    assertFalse(fsck.contains("<E>"), fsck);
    String init = check("dump.erofs", "--path=/init", filesystem.toString());
    assertTrue(init.contains("regular file"), init);

    Emitter.emit(EmitFixtures.bootable("bootable"), EnumSet.of(Format.ROOTFS_EROFS), again, EmitOptions.defaults());
    assertArrayEquals(Files.readAllBytes(disk), Files.readAllBytes(again.resolve("bootable-rootfs-erofs.img")),
        "the same appliance gives the same disk");
  }

  /**
   * With {@code --erofs-compress lz4}, kernel+erofs's image and rootfs-erofs's partition are the lz4
   * image, which fsck.erofs extracts to the tree the uncompressed one holds.
   */
  @Test
  void lz4RootsHoldTheTreeOfTheUncompressedOne() throws Exception {
    EmitOptions lz4 = new EmitOptions(Compression.GZIP, BootAssets.host(), Optional.empty(), Platform.DEFAULT,
        new DiskOptions(Optional.empty(), false, RootFs.INITRD, Optional.empty(), false, PartitionTable.MBR,
            ErofsCompression.LZ4));
    Emitter.emit(EmitFixtures.bootable("bootable"), EnumSet.of(Format.ROOTFS_EROFS, Format.KERNEL_EROFS), out, lz4);
    Emitter.emit(EmitFixtures.bootable("bootable"), EnumSet.of(Format.KERNEL_EROFS), again, EmitOptions.defaults());
    Path image = out.resolve("bootable-erofs.img");
    assertTrue(check("dump.erofs", "-s", image.toString()).contains("0padding"));
    Path filesystem = EmitFixtures.onlyLinuxPartition(out.resolve("bootable-rootfs-erofs.img"), out.resolve("partition.img"));
    assertArrayEquals(Files.readAllBytes(image), Arrays.copyOf(Files.readAllBytes(filesystem), (int) Files.size(image)),
        "the partition holds kernel+erofs's image");
    check("fsck.erofs", "--extract=" + out.resolve("lz4"), image.toString());
    check("fsck.erofs", "--extract=" + again.resolve("plain"), again.resolve("bootable-erofs.img").toString());
    // compared as find, stat and sha256sum list them: diff -r sometimes reported the trees' two
    // dev/console nodes as different where stat gave 5:1 for both
    assertEquals(EmitFixtures.tree(again.resolve("plain")), EmitFixtures.tree(out.resolve("lz4")));
    assertTrue(Files.size(image) < Files.size(again.resolve("bootable-erofs.img")), "lz4 shrinks the root");
  }
}
