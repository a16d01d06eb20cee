package dev.imgc.emit;

import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.fs.block.Tools;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
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

    JsonNode table = Tools.partitionTable(disk);
    assertEquals("dos", table.path("label").asText());
    JsonNode partitions = table.path("partitions");
    assertEquals(1, partitions.size(), table::toString);
    assertEquals(2048, partitions.get(0).path("start").asLong());
    assertEquals("83", partitions.get(0).path("type").asText());

    Path filesystem = out.resolve("partition.img");
    Path image = out.resolve("bootable-erofs.img");
    try (RandomAccessFile in = new RandomAccessFile(disk.toFile(), "r");
        RandomAccessFile copy = new RandomAccessFile(filesystem.toFile(), "rw")) {
      in.getChannel().transferTo(2048L * 512, Files.size(image), copy.getChannel());
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
}
