package dev.imgc.fs.vdisk;

import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.fs.block.Tools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every container holds the raw disk it was made from: qemu-img reads each (its own implementation of
 * the formats) and finds the same bytes, its checks find no error, and it sees the format and size
 * asked for. Made twice, a container is the same bytes.
 */
class VirtualDiskWriterTest {
  private static final long MIB = 1 << 20;
  private static final UUID ID = UUID.fromString("6a1d7c2e-5f43-4b8a-9c0d-2e7f1a3b4c5d");

  @TempDir Path tmp;

  @Test
  void qcow2HoldsTheRawDisk() throws Exception {
    Path raw = rawDisk(tmp.resolve("disk.raw"), 41 * MIB);
    Path qcow2 = write(raw, new Qcow2Writer(false), "disk.qcow2");
    assertHolds(raw, qcow2, "qcow2");
    check("qemu-img", "check", "-f", "qcow2", qcow2.toString());
    // qemu-img calls qcow2 version 3 "compat 1.1"
    assertEquals("1.1", info(qcow2, "qcow2").path("format-specific").path("data").path("compat").asText());
  }

  @Test
  void compressedQcow2HoldsTheRawDiskInFewerBytes() throws Exception {
    Path raw = rawDisk(tmp.resolve("disk.raw"), 41 * MIB);
    Path plain = write(raw, new Qcow2Writer(false), "plain.qcow2");
    Path compressed = write(raw, new Qcow2Writer(true), "compressed.qcow2");
    assertHolds(raw, compressed, "qcow2");
    check("qemu-img", "check", "-f", "qcow2", compressed.toString());
    assertTrue(Files.size(compressed) < Files.size(plain), Files.size(compressed) + " >= " + Files.size(plain));
  }

  @Test
  void qcow2OfADiskBeyondOneL2TableHoldsIt() throws Exception {
    // one L2 table maps 512 MiB: data past it needs a second table and L1 entry
    Path raw = rawDisk(tmp.resolve("big.raw"), 1100 * MIB);
    Path qcow2 = write(raw, new Qcow2Writer(true), "big.qcow2");
    assertHolds(raw, qcow2, "qcow2");
    check("qemu-img", "check", "-f", "qcow2", qcow2.toString());
    Path vmdk = write(raw, new VmdkWriter("big.vmdk", 0x1234abcd), "big.vmdk");
    assertHolds(raw, vmdk, "vmdk");
  }

  @Test
  void fixedVhdHoldsTheRawDiskAndItsZerosStayHoles() throws Exception {
    Path raw = rawDisk(tmp.resolve("disk.raw"), 41 * MIB);
    Path vhd = write(raw, new VhdWriter(VhdWriter.Kind.FIXED, ID, Tools.TIME), "fixed.vhd");
    assertHolds(raw, vhd, "vpc");
    assertEquals(41 * MIB + 512, Files.size(vhd));
    assertEquals("fixed", info(vhd, "vpc").path("format-specific").path("data").path("subformat").asText("fixed"));
    long allocated = Long.parseLong(check("du", "-B1", vhd.toString()).split("\\s")[0]);
    assertTrue(allocated < 8 * MIB, "a fixed VHD of a mostly empty disk takes " + allocated + " bytes");
  }

  @Test
  void dynamicVhdHoldsTheRawDisk() throws Exception {
    Path raw = rawDisk(tmp.resolve("disk.raw"), 41 * MIB);
    Path vhd = write(raw, new VhdWriter(VhdWriter.Kind.DYNAMIC, ID, Tools.TIME), "dynamic.vhd");
    assertHolds(raw, vhd, "vpc");
    assertTrue(Files.size(vhd) < 10 * MIB, "a dynamic VHD stores only its blocks of data: " + Files.size(vhd));
  }

  @Test
  void vmdkHoldsTheRawDisk() throws Exception {
    Path raw = rawDisk(tmp.resolve("disk.raw"), 41 * MIB);
    Path vmdk = write(raw, new VmdkWriter("disk.vmdk", 0x1234abcd), "disk.vmdk");
    assertHolds(raw, vmdk, "vmdk");
    check("qemu-img", "check", "-f", "vmdk", vmdk.toString());
    assertEquals("monolithicSparse", info(vmdk, "vmdk").path("format-specific").path("data").path("create-type").asText());
  }

  @Test
  void everyContainerIsTheSameBytesWhenMadeAgain() throws Exception {
    Path raw = rawDisk(tmp.resolve("disk.raw"), 9 * MIB);
    VirtualDiskWriter[] writers = {new Qcow2Writer(true), new Qcow2Writer(false),
        new VhdWriter(VhdWriter.Kind.FIXED, ID, Tools.TIME), new VhdWriter(VhdWriter.Kind.DYNAMIC, ID, Tools.TIME),
        new VmdkWriter("disk.vmdk", 7)};
    for (int i = 0; i < writers.length; i++) {
      Path first = write(raw, writers[i], i + "-a");
      Path second = write(raw, writers[i], i + "-b");
      assertEquals(-1, Files.mismatch(first, second), writers[i] + " differs between two writes");
    }
  }

  @Test
  void gceArchiveHoldsTheRawDiskAsDiskRawInGnuTar() throws Exception {
    Path raw = rawDisk(tmp.resolve("source.raw"), 9 * MIB);
    Path archive = tmp.resolve("disk.img.tar.gz");
    try (OutputStream out = Files.newOutputStream(archive)) {
      GceImageArchive.write(RawDisk.of(raw), Tools.TIME, out);
    }
    check("gzip", "-t", archive.toString());
    String listing = check("tar", "-tvzf", archive.toString());
    assertEquals(1, listing.strip().lines().count(), listing);
    assertTrue(listing.contains(" disk.raw"), listing);
    Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
    check("tar", "-xzf", archive.toString(), "-C", unpacked.toString());
    assertEquals(-1, Files.mismatch(raw, unpacked.resolve("disk.raw")));
    Path tar = tmp.resolve("disk.tar");
    check("sh", "-c", "gzip -dc " + archive + " > " + tar);
    assertTrue(check("file", "-b", tar.toString()).contains("GNU"), check("file", "-b", tar.toString()));
  }

  @Test
  void oddSizesAreRefusedWhereTheFormatForbidsThem() throws Exception {
    Path raw = rawDisk(tmp.resolve("odd.raw"), 9 * MIB + 512);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> write(raw, new VhdWriter(VhdWriter.Kind.FIXED, ID, Tools.TIME), "odd.vhd"));
    assertTrue(e.getMessage().contains("whole number of MiB"), e.getMessage());
    assertHolds(raw, write(raw, new Qcow2Writer(false), "odd.qcow2"), "qcow2");
  }

  /**
   * A sparse raw disk of {@code size} bytes: random bytes (which do not compress) at 1 MiB, text
   * (which does) at 5 MiB, the last byte, zeros elsewhere; past 1 GiB, more of each.
   */
  static Path rawDisk(Path file, long size) throws IOException {
    Random random = new Random(42);
    byte[] noise = new byte[300 << 10];
    random.nextBytes(noise);
    byte[] text = "imgc writes virtual disks. ".repeat(20000).getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(noise), MIB + 12345);
      channel.write(java.nio.ByteBuffer.wrap(text), 5 * MIB);
      if (size > 1024 * MIB) {
        channel.write(java.nio.ByteBuffer.wrap(noise), 1024 * MIB - 4096);
        channel.write(java.nio.ByteBuffer.wrap(text), 1050 * MIB);
      }
      channel.write(java.nio.ByteBuffer.wrap(new byte[] {0x55}), size - 1);
    }
    return file;
  }

  private Path write(Path raw, VirtualDiskWriter writer, String name) throws IOException {
    Path target = tmp.resolve(name);
    try (SparseOutput out = new SparseOutput(FileChannel.open(target, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.READ))) {
      writer.write(RawDisk.of(raw), out);
    }
    return target;
  }

  /** qemu-img sees {@code format}, the raw disk's size, and, converted back to raw, the raw disk's bytes. */
  private void assertHolds(Path raw, Path container, String format) throws Exception {
    JsonNode info = info(container, format);
    assertEquals(format, info.path("format").asText());
    assertEquals(Files.size(raw), info.path("virtual-size").asLong());
    check("qemu-img", "compare", "-f", "raw", "-F", format, raw.toString(), container.toString());
    Path back = tmp.resolve(container.getFileName() + ".back");
    check("qemu-img", "convert", "-f", format, "-O", "raw", container.toString(), back.toString());
    assertEquals(-1, Files.mismatch(raw, back), container + " converted back differs from the raw disk");
    Files.delete(back);
  }

  private static JsonNode info(Path container, String format) throws Exception {
    return new ObjectMapper().readTree(check("qemu-img", "info", "--output=json", "-f", format, container.toString()));
  }
}
