package dev.imgc.fs.part;

import static dev.imgc.fs.block.Tools.TIME;
import static dev.imgc.fs.block.Tools.check;
import static dev.imgc.fs.block.Tools.dir;
import static dev.imgc.fs.block.Tools.file;
import static dev.imgc.fs.block.Tools.partitionTable;
import static dev.imgc.fs.block.Tools.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.fs.block.ImageSink;
import dev.imgc.fs.block.ImageWriter;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import dev.imgc.fs.fat.FatType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionTableTest {
  private static final byte[] SEED = "plan digest".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  private static FatImage esp() {
    return FatImage.layout(List.of(dir("EFI"), dir("EFI/BOOT"), file("EFI/BOOT/BOOTX64.EFI", "not really an EFI binary")),
        FatOptions.of("ESP", 0x0badcafe, TIME).withHiddenSectors(DiskLayout.FIRST_LBA));
  }

  /** A partition whose content is 3 MiB of a repeated byte, to see where it lands. */
  private record Filler(long size, byte value) implements ImageWriter {
    @Override
    public void writeTo(ImageSink sink) throws IOException {
      byte[] bytes = new byte[(int) size];
      Arrays.fill(bytes, value);
      sink.write(bytes);
    }
  }

  @Test
  void gptIsValidAndItsPartitionsHoldTheirContents() throws Exception {
    UUID disk = Guids.derive(SEED, "disk");
    UUID espGuid = Guids.derive(SEED, "partition 1");
    GptDisk gpt = new GptDisk(disk, List.of(
        new GptDisk.Partition(Guids.EFI_SYSTEM, espGuid, "EFI system", esp()),
        new GptDisk.Partition(Guids.LINUX_FILESYSTEM, Guids.derive(SEED, "partition 2"), "root", new Filler(3 << 20, (byte) 0x5a))));
    Path img = write(gpt, tmp.resolve("disk.img"));
    assertEquals(gpt.size(), Files.size(img));

    String verify = check("sgdisk", "-v", img.toString());
    assertTrue(verify.contains("No problems found."), verify);

    JsonNode table = partitionTable(img);
    assertEquals("gpt", table.get("label").asText());
    assertEquals(disk.toString().toUpperCase(), table.get("id").asText());
    JsonNode p1 = table.get("partitions").get(0);
    JsonNode p2 = table.get("partitions").get(1);
    assertEquals(2048, p1.get("start").asLong());
    assertEquals(esp().size() / 512, p1.get("size").asLong());
    assertEquals("C12A7328-F81F-11D2-BA4B-00A0C93EC93B", p1.get("type").asText());
    assertEquals(espGuid.toString().toUpperCase(), p1.get("uuid").asText());
    assertEquals("EFI system", p1.get("name").asText());
    assertEquals(0, p2.get("start").asLong() % 2048, "aligned to 1 MiB");
    assertEquals(6144, p2.get("size").asLong());
    assertEquals("root", p2.get("name").asText());

    String listing = check("mdir", "-i", img + "@@" + 2048 * 512, "::/EFI/BOOT");
    assertTrue(listing.contains("BOOTX64  EFI"), listing);
    check("fsck.fat", "-n", extract(img, 2048 * 512L, esp().size()).toString());
    byte[] second = Arrays.copyOfRange(Files.readAllBytes(img), (int) (p2.get("start").asLong() * 512), (int) (p2.get("start").asLong() * 512 + (3 << 20)));
    byte[] expected = new byte[3 << 20];
    Arrays.fill(expected, (byte) 0x5a);
    assertArrayEquals(expected, second);
  }

  @Test
  void mbrHasTheBootCodeAndOneBootableFatPartition() throws Exception {
    byte[] mbrCode = Files.readAllBytes(Path.of("/usr/lib/syslinux/mbr/mbr.bin"));
    MbrDisk disk = new MbrDisk(mbrCode, 0x12345678, List.of(new MbrDisk.Partition(0x0E, true, esp())));
    Path img = write(disk, tmp.resolve("disk.img"));

    JsonNode table = partitionTable(img);
    assertEquals("dos", table.get("label").asText());
    assertEquals("0x12345678", table.get("id").asText());
    JsonNode p1 = table.get("partitions").get(0);
    assertEquals(2048, p1.get("start").asLong());
    assertEquals(esp().size() / 512, p1.get("size").asLong());
    assertEquals("e", p1.get("type").asText());
    assertTrue(p1.get("bootable").asBoolean());
    try (InputStream in = Files.newInputStream(img)) {
      assertArrayEquals(mbrCode, in.readNBytes(mbrCode.length));
    }
    String listing = check("mdir", "-i", img + "@@" + 2048 * 512, "::/EFI/BOOT");
    assertTrue(listing.contains("BOOTX64  EFI"), listing);
    check("fsck.fat", "-n", extract(img, 2048 * 512L, esp().size()).toString());
    String info = check("minfo", "-i", img + "@@" + 2048 * 512, "::");
    assertTrue(info.contains("hidden sectors: 2048"), "the FAT knows where its partition starts: " + info);
  }

  @Test
  void derivedGuidsAreStableVersion4ShapedAndDistinctPerPurpose() {
    UUID a = Guids.derive(SEED, "disk");
    assertEquals(a, Guids.derive(SEED, "disk"));
    assertEquals(4, a.version());
    assertEquals(2, a.variant());
    assertTrue(!a.equals(Guids.derive(SEED, "partition 1")));
  }

  @Test
  void gptGuidBytesAreMixedEndian() {
    // UEFI spec, appendix A: the EFI system partition type as stored on disk.
    byte[] expected = {0x28, 0x73, 0x2a, (byte) 0xc1, 0x1f, (byte) 0xf8, (byte) 0xd2, 0x11,
        (byte) 0xba, 0x4b, 0x00, (byte) 0xa0, (byte) 0xc9, 0x3e, (byte) 0xc9, 0x3b};
    assertArrayEquals(expected, Guids.gptBytes(Guids.EFI_SYSTEM));
  }

  @Test
  void emptyAreasOfALargeDiskStayHoles() throws Exception {
    FatImage big = FatImage.layout(List.of(file("hello.txt", "hello\n")),
        FatOptions.of("BIG", 1, TIME).withType(FatType.FAT32).withSize(600L << 20).withHiddenSectors(DiskLayout.FIRST_LBA));
    GptDisk gpt = new GptDisk(Guids.derive(SEED, "disk"),
        List.of(new GptDisk.Partition(Guids.LINUX_FILESYSTEM, Guids.derive(SEED, "p1"), "data", big)));
    Path img = write(gpt, tmp.resolve("big.img"));
    assertEquals(602L << 20, Files.size(img), "1 MiB head, the partition, the backup GPT rounded up to 1 MiB");
    long allocated = Long.parseLong(check("stat", "-c", "%b", img.toString()).strip()) * 512;
    assertTrue(allocated < 8 << 20, "a 600 MiB disk holding one small file takes " + allocated + " bytes on disk");
    assertTrue(check("sgdisk", "-v", img.toString()).contains("No problems found."));
    check("fsck.fat", "-n", extract(img, 2048 * 512L, big.size()).toString());
  }

  @Test
  void writingTwiceGivesTheSameBytes() throws Exception {
    GptDisk gpt = new GptDisk(Guids.derive(SEED, "disk"),
        List.of(new GptDisk.Partition(Guids.EFI_SYSTEM, Guids.derive(SEED, "p1"), "ESP", esp())));
    assertEquals(-1, Files.mismatch(write(gpt, tmp.resolve("a.img")), write(gpt, tmp.resolve("b.img"))));
  }

  private Path extract(Path img, long offset, long size) throws IOException, InterruptedException {
    Path part = tmp.resolve("partition.img");
    Files.deleteIfExists(part);
    check("dd", "if=" + img, "of=" + part, "bs=1M", "iflag=skip_bytes,count_bytes", "skip=" + offset, "count=" + size,
        "conv=sparse", "status=none");
    return part;
  }
}
