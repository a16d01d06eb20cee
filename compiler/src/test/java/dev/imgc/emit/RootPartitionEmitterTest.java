package dev.imgc.emit;

import dev.imgc.fs.erofs.ErofsCompression;
import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.fs.block.LayoutException;
import dev.imgc.fs.block.Tools;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.part.DiskSize;
import dev.imgc.image.oci.Platform;
import dev.imgc.boot.BootAssets;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot disks with {@code --root-fs} and {@code rootfs-ext4}'s options, read by sfdisk, sgdisk,
 * mtools, unsquashfs and e2fsprogs: the root's partition, its type and identifier, the boot entry naming
 * it, the boot stage's initrd on the boot partition, the ext4 size asked, Kata's DAX header.
 */
class RootPartitionEmitterTest {
  @TempDir Path out;

  private static EmitOptions options(DiskOptions disk) {
    return new EmitOptions(Compression.GZIP, BootAssets.host(), Optional.empty(), Platform.DEFAULT, disk);
  }

  private static DiskOptions root(RootFs rootFs, Optional<DiskSize> rootSize, boolean daxHeader) {
    return new DiskOptions(Optional.empty(), false, rootFs, rootSize, daxHeader, PartitionTable.MBR, ErofsCompression.NONE);
  }

  @Test
  void aSquashfsRootGetsAPartitionOfTheMachinesRootTypeThatTheBootEntriesNameByPartuuid() throws Exception {
    Emitter.emit(EmitFixtures.sample("s"), EnumSet.of(Format.RAW_EFI, Format.RAW_BIOS, Format.KERNEL_SQUASHFS), out,
        options(root(RootFs.SQUASHFS, Optional.empty(), false)));
    byte[] squashfs = Files.readAllBytes(out.resolve("s-squashfs.img"));
    byte[] bootInitrd = Files.readAllBytes(out.resolve("s-boot-initrd.img"));

    Path efi = out.resolve("s-efi.img");
    JsonNode gpt = Tools.partitionTable(efi);
    assertEquals("gpt", gpt.path("label").asText());
    JsonNode rootPartition = gpt.path("partitions").get(1);
    assertEquals("4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709", rootPartition.path("type").asText());
    assertTrue(check("sgdisk", "-i", "2", efi.toString()).contains("(Linux x86-64 root (/))"));
    String uuid = rootPartition.path("uuid").asText().toLowerCase(Locale.ROOT);
    String entry = check("mtype", "-i", efi + "@@1M", "::/loader/entries/s.conf");
    assertTrue(entry.contains("options " + EmitFixtures.CMDLINE + " root=PARTUUID=" + uuid + " rootfstype=squashfs\n"), entry);
    assertArrayEquals(bootInitrd, extract(efi, "::/initrd.img"), "the ESP's initrd is the boot stage's");
    assertArrayEquals(squashfs, partition(efi, rootPartition, squashfs.length), "the root partition holds the squashfs");
    assertTrue(check("unsquashfs", "-l", EmitFixtures.partitionFile(efi, rootPartition).toString()).contains("squashfs-root/bin/busybox"));

    Path bios = out.resolve("s-bios.img");
    JsonNode mbr = Tools.partitionTable(bios);
    assertEquals(2, mbr.path("partitions").size(), mbr::toString);
    JsonNode biosRoot = mbr.path("partitions").get(1);
    assertEquals("83", biosRoot.path("type").asText());
    String partuuid = mbr.path("id").asText().substring(2) + "-02";
    String syslinux = check("mtype", "-i", bios + "@@1M", "::/syslinux.cfg");
    assertTrue(syslinux.contains("APPEND " + EmitFixtures.CMDLINE + " root=PARTUUID=" + partuuid + " rootfstype=squashfs\n"),
        syslinux);
    assertArrayEquals(bootInitrd, extract(bios, "::/initrd.img"));
    assertArrayEquals(squashfs, partition(bios, biosRoot, squashfs.length));
  }

  @Test
  void anErofsRootPartitionHoldsKernelErofsImageAndIsNamedReadOnly() throws Exception {
    Emitter.emit(EmitFixtures.sample("r"), EnumSet.of(Format.RAW_EFI, Format.KERNEL_EROFS), out,
        options(root(RootFs.EROFS, Optional.empty(), false)));
    Path efi = out.resolve("r-efi.img");
    JsonNode rootPartition = Tools.partitionTable(efi).path("partitions").get(1);
    String uuid = rootPartition.path("uuid").asText().toLowerCase(Locale.ROOT);
    assertTrue(check("mtype", "-i", efi + "@@1M", "::/loader/entries/r.conf")
        .contains(" root=PARTUUID=" + uuid + " rootfstype=erofs\n"));
    byte[] erofs = Files.readAllBytes(out.resolve("r-erofs.img"));
    assertArrayEquals(erofs, partition(efi, rootPartition, erofs.length), "the root partition holds kernel+erofs's image");
    Tools.Run fsck = Tools.run(List.of("fsck.erofs", EmitFixtures.partitionFile(efi, rootPartition).toString()));
    assertEquals(0, fsck.status(), fsck.output());
  }

  @Test
  void anExt4RootIsAsLargeAsAskedMountedReadWriteAndAsizeTooSmallIsRefused() throws Exception {
    Emitter.emit(EmitFixtures.sample("e"), EnumSet.of(Format.RAW_EFI), out,
        options(root(RootFs.EXT4, Optional.of(DiskSize.parse("64M")), false)));
    Path efi = out.resolve("e-efi.img");
    JsonNode rootPartition = Tools.partitionTable(efi).path("partitions").get(1);
    assertEquals(64 << 11, rootPartition.path("size").asLong(), "64 MiB of 512-byte sectors");
    Path filesystem = EmitFixtures.partitionFile(efi, rootPartition);
    Tools.Run fsck = Tools.run(List.of("e2fsck", "-fn", filesystem.toString()));
    assertEquals(0, fsck.status(), fsck.output());
    assertTrue(check("dumpe2fs", "-h", filesystem.toString()).contains("Block count:              16384"));
    assertTrue(check("mtype", "-i", efi + "@@1M", "::/loader/entries/e.conf").contains(" rootfstype=ext4 rw\n"));

    LayoutException small = assertThrows(LayoutException.class, () -> Emitter.emit(EmitFixtures.sample("e"),
        EnumSet.of(Format.ROOTFS_EXT4), out.resolve("small"), options(root(RootFs.INITRD, Optional.of(DiskSize.parse("1M")), false))));
    assertTrue(small.getMessage().startsWith("the ext4 root (--root-size 1M): the tree needs an ext4 filesystem of at least"),
        small.getMessage());
    assertTrue(Files.notExists(out.resolve("small/e-rootfs-ext4.img")));
  }

  /**
   * The DAX header as osbuilder lays it out: MBR #1 at 0 (the partition at 3 MiB), the NVDIMM info
   * block at 4 KiB, MBR #2 at 2 MiB (the partition 1 MiB into the NVDIMM's data), the ext4 at 3 MiB,
   * the file a multiple of 128 MiB. The info block's checksum is recomputed here in Python from the
   * kernel's definition (Fletcher-64 over little-endian 32-bit words, the checksum field zero).
   */
  @Test
  void theDaxHeaderHasTwoMbrsAndAnInfoBlockTheKernelAccepts() throws Exception {
    Emitter.emit(EmitFixtures.sample("d"), EnumSet.of(Format.ROOTFS_EXT4), out, options(root(RootFs.INITRD, Optional.empty(), true)));
    Path disk = out.resolve("d-rootfs-ext4.img");
    assertEquals(0, Files.size(disk) % (128 << 20), "a multiple of 128 MiB");
    JsonNode first = Tools.partitionTable(disk).path("partitions").get(0);
    assertEquals(6144, first.path("start").asLong(), "3 MiB into the file");
    assertEquals("83", first.path("type").asText());
    Path nvdimm = out.resolve("nvdimm.img");
    try (RandomAccessFile in = new RandomAccessFile(disk.toFile(), "r"); RandomAccessFile copy = new RandomAccessFile(nvdimm.toFile(), "rw")) {
      in.getChannel().transferTo(2 << 20, in.length() - (2 << 20), copy.getChannel());
    }
    JsonNode second = Tools.partitionTable(nvdimm).path("partitions").get(0);
    assertEquals(2048, second.path("start").asLong(), "1 MiB into the NVDIMM's data");
    assertEquals(first.path("size").asLong(), second.path("size").asLong());
    Tools.Run fsck = Tools.run(List.of("e2fsck", "-fn", EmitFixtures.partitionFile(disk, first).toString()));
    assertEquals(0, fsck.status(), fsck.output());
    String info = check("python3", "-c", """
        import struct, sys
        b = bytearray(open(sys.argv[1], 'rb').read()[4096:8192])
        stored = struct.unpack_from('<Q', b, 4088)[0]
        b[4088:4096] = bytes(8)
        lo = hi = 0
        for (w,) in struct.iter_unpack('<I', b):
            lo = (lo + w) & 0xffffffff
            hi = (hi + lo) & 0xffffffffffffffff
        sig = bytes(b[0:16])
        minor, dataoff, mode, align = struct.unpack_from('<H', b, 54)[0], struct.unpack_from('<Q', b, 56)[0], \\
            struct.unpack_from('<I', b, 72)[0], struct.unpack_from('<I', b, 84)[0]
        print(sig, minor, dataoff, mode, align, stored == (((hi << 32) | lo) & 0xffffffffffffffff))
        """, disk.toString());
    assertEquals("b'NVDIMM_PFN_INFO\\x00' 2 2097152 1 2097152 True", info.strip());
  }

  private static byte[] extract(Path disk, String file) throws Exception {
    Path copy = Files.createTempFile(disk.getParent(), "extracted-", "");
    Files.delete(copy);
    check("mcopy", "-i", disk + "@@1M", file, copy.toString());
    return Files.readAllBytes(copy);
  }

  private static byte[] partition(Path disk, JsonNode partition, int length) throws Exception {
    byte[] bytes = new byte[length];
    try (RandomAccessFile in = new RandomAccessFile(disk.toFile(), "r")) {
      in.seek(partition.path("start").asLong() * 512);
      in.readFully(bytes);
    }
    return bytes;
  }
}
