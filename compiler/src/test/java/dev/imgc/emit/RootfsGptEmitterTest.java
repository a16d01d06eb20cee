package dev.imgc.emit;

import dev.imgc.fs.erofs.ErofsCompression;
import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.boot.BootAssets;
import dev.imgc.fs.block.Tools;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.part.Guids;
import dev.imgc.image.oci.Platform;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootfs-ext4} and {@code rootfs-erofs} with {@code --partition-table gpt}, read by sfdisk,
 * sgdisk, e2fsprogs and erofs-utils: one partition at 1 MiB of the machine's Discoverable Partitions
 * root type, GUIDs from the plan's digest, a valid backup table in the last sectors, the filesystem
 * sound, the command line still naming {@code /dev/vda1}, the same bytes every time.
 */
class RootfsGptEmitterTest {
  private static final DiskOptions GPT =
      new DiskOptions(Optional.empty(), false, RootFs.INITRD, Optional.empty(), false, PartitionTable.GPT, ErofsCompression.NONE);

  @TempDir Path out;
  @TempDir Path again;

  private static EmitOptions options(DiskOptions disk) {
    return new EmitOptions(Compression.GZIP, BootAssets.host(), Optional.empty(), Platform.DEFAULT, disk);
  }

  @Test
  void theRootIsTheOnlyPartitionOfAGptWithTheMachinesRootTypeAndAValidBackup() throws Exception {
    Set<Format> formats = EnumSet.of(Format.ROOTFS_EXT4, Format.ROOTFS_EROFS, Format.KERNEL_EROFS);
    Emitter.emit(EmitFixtures.sample("g"), formats, out, options(GPT));
    assertEquals(EmitFixtures.CMDLINE + " root=/dev/vda1 rootfstype=ext4 rw", Files.readString(out.resolve("g-rootfs-ext4-cmdline")));
    assertEquals(EmitFixtures.CMDLINE + " root=/dev/vda1 rootfstype=erofs ro", Files.readString(out.resolve("g-rootfs-erofs-cmdline")));

    Path ext4Disk = out.resolve("g-rootfs-ext4.img");
    JsonNode ext4Table = checkedGpt(ext4Disk, "rootfs-ext4");
    Tools.Run e2fsck = Tools.run(List.of("e2fsck", "-fn", EmitFixtures.partitionFile(ext4Disk, ext4Table.path("partitions").get(0)).toString()));
    assertEquals(0, e2fsck.status(), e2fsck.output());

    Path erofsDisk = out.resolve("g-rootfs-erofs.img");
    JsonNode erofsTable = checkedGpt(erofsDisk, "rootfs-erofs");
    Path erofs = EmitFixtures.partitionFile(erofsDisk, erofsTable.path("partitions").get(0));
    byte[] image = Files.readAllBytes(out.resolve("g-erofs.img"));
    try (RandomAccessFile truncate = new RandomAccessFile(erofs.toFile(), "rw")) {
      truncate.setLength(image.length); // the partition is whole sectors, the image whole blocks
    }
    assertArrayEquals(image, Files.readAllBytes(erofs), "the partition holds kernel+erofs's image");
    String fsck = check("fsck.erofs", erofs.toString());
    assertFalse(fsck.contains("<E>"), fsck);
    assertNotEquals(ext4Table.path("id").asText(), erofsTable.path("id").asText(), "each format's disk has its own GUID");

    Emitter.emit(EmitFixtures.sample("g"), formats, again, options(GPT));
    for (String disk : List.of("g-rootfs-ext4.img", "g-rootfs-erofs.img")) {
      assertArrayEquals(Files.readAllBytes(out.resolve(disk)), Files.readAllBytes(again.resolve(disk)), disk + " is the same every time");
    }
  }

  @Test
  void theDaxHeaderHasNoGptFormAndIsRefusedWithIt() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new DiskOptions(Optional.empty(), false, RootFs.INITRD, Optional.empty(), true, PartitionTable.GPT,
            ErofsCompression.NONE));
    assertEquals("--dax-header writes Kata osbuilder's NVDIMM layout, which has an MBR in front of the header and another "
        + "behind it and no GPT form; leave out --dax-header or --partition-table gpt", refused.getMessage());
  }

  /**
   * The GPT of {@code format}'s disk as sfdisk and sgdisk read it: sgdisk verifies both headers and
   * arrays (their CRCs, the backup's place), the one partition starts at 1 MiB, ends before the
   * backup array, is typed and named as the root of an x86-64 machine, and its GUID and the disk's are
   * those the plan's digest gives for the format; the disk's last sector is the backup header.
   */
  private static JsonNode checkedGpt(Path disk, String format) throws Exception {
    assertTrue(check("sgdisk", "-v", disk.toString()).contains("No problems found."));
    JsonNode table = Tools.partitionTable(disk);
    assertEquals("gpt", table.path("label").asText());
    JsonNode partitions = table.path("partitions");
    assertEquals(1, partitions.size(), table::toString);
    JsonNode root = partitions.get(0);
    assertEquals(2048, root.path("start").asLong(), "1 MiB into the disk");
    assertEquals("4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709", root.path("type").asText());
    assertEquals("root", root.path("name").asText());
    byte[] seed = HexFormat.of().parseHex(EmitFixtures.DIGEST);
    assertEquals(Guids.derive(seed, format + " root partition").toString(), root.path("uuid").asText().toLowerCase(Locale.ROOT));
    assertEquals(Guids.derive(seed, format + " disk").toString(), table.path("id").asText().toLowerCase(Locale.ROOT));
    long sectors = Files.size(disk) / 512;
    assertEquals(0, sectors % 2048, "the disk ends on a MiB");
    assertEquals(sectors - 34, table.path("lastlba").asLong(), "the backup array and header take the last 33 sectors");
    assertTrue(root.path("start").asLong() + root.path("size").asLong() - 1 <= table.path("lastlba").asLong());
    assertTrue(check("sgdisk", "-i", "1", disk.toString()).contains("(Linux x86-64 root (/))"));
    byte[] last = new byte[8];
    try (RandomAccessFile in = new RandomAccessFile(disk.toFile(), "r")) {
      in.seek((sectors - 1) * 512);
      in.readFully(last);
    }
    assertEquals("EFI PART", new String(last, StandardCharsets.US_ASCII), "the backup header in the last sector");
    return table;
  }
}
