package dev.imgc.emit;

import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.block.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootfs-ext4}'s disk as {@code sfdisk} and e2fsprogs read it: one Linux partition at 1 MiB
 * holding a clean ext4 with the root's files, the command line naming it, the same bytes every time.
 */
class RootfsExt4EmitterTest {
  @TempDir Path out;
  @TempDir Path again;

  @Test
  void oneLinuxPartitionAtOneMibHoldsACleanExt4OfTheRoot() throws Exception {
    Appliance appliance = EmitFixtures.bootable("bootable");
    Emitter.emit(appliance, EnumSet.of(Format.ROOTFS_EXT4), out, EmitOptions.defaults());
    Path disk = out.resolve("bootable-rootfs-ext4.img");
    assertEquals(EmitFixtures.CMDLINE + " root=/dev/vda1 rootfstype=ext4 rw",
        Files.readString(out.resolve("bootable-rootfs-ext4-cmdline")));

    Path filesystem = EmitFixtures.onlyLinuxPartition(disk, out.resolve("partition.img"));
    Tools.Run fsck = Tools.run(List.of("e2fsck", "-fn", filesystem.toString()));
    assertEquals(0, fsck.status(), fsck.output());
    assertTrue(check("dumpe2fs", "-h", filesystem.toString()).contains("Filesystem volume name:   imgc-root"));
    String init = check("debugfs", "-R", "stat /init", filesystem.toString());
    assertTrue(init.contains("Type: regular"), init);

    Emitter.emit(EmitFixtures.bootable("bootable"), EnumSet.of(Format.ROOTFS_EXT4), again, EmitOptions.defaults());
    assertArrayEquals(Files.readAllBytes(disk), Files.readAllBytes(again.resolve("bootable-rootfs-ext4.img")),
        "the same appliance gives the same disk");
  }
}
