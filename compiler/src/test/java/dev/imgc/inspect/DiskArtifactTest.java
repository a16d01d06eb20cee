package dev.imgc.inspect;

import static dev.imgc.inspect.TreeOracle.assertPart;
import static dev.imgc.inspect.TreeOracle.assertRows;
import static dev.imgc.inspect.TreeOracle.listing;
import static dev.imgc.inspect.TreeOracle.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.fs.block.Tools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** FAT images made by mkfs.fat and mtools, and disks partitioned by sfdisk and sgdisk, list what went in. */
class DiskArtifactTest {
  @TempDir static Path work;
  static Path files;

  @BeforeAll
  static void makeFiles() throws Exception {
    files = work.resolve("files");
    Files.createDirectories(files.resolve("EFI/BOOT"));
    Files.createDirectories(files.resolve("loader/entries"));
    Files.write(files.resolve("EFI/BOOT/BOOTX64.EFI"), Tools.pattern(300_000, 3));
    Files.writeString(files.resolve("loader/entries/a rather long entry name.conf"), "title imgc\n");
    Files.writeString(files.resolve("MiXeD Case Name.Txt"), "mixed\n");
    Files.writeString(files.resolve("readme.txt"), "read me\n");
    Files.createFile(files.resolve("empty"));
  }

  /** What a FAT volume holding {@link #files} lists: FAT has no modes, so 0755 and 0644, owned by 0:0. */
  static List<String> expectedFat() throws IOException {
    Map<String, String> lines = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(files)) {
      for (Path path : walk.toList()) {
        String name = files.relativize(path).toString().replace(" ", "\\x20"); // a listing writes a space as \x20
        if (name.isEmpty()) {
          continue;
        }
        lines.put(name, Files.isDirectory(path)
            ? name + " dir 0755 0:0 0 -"
            : name + " file 0644 0:0 " + Files.size(path) + " " + TreeOracle.sha256(path));
      }
    }
    return new ArrayList<>(lines.values());
  }

  @ParameterizedTest
  @CsvSource({"12,4000", "16,40000", "32,140000"})
  void fatImagesListTheirFilesWithLongNames(int bits, int kilobytes) throws Exception {
    Path image = work.resolve("fat" + bits + ".img");
    Tools.check("mkfs.fat", "-C", "-F", String.valueOf(bits), "-n", "IMGC", image.toString(), String.valueOf(kilobytes));
    sh(files, "mcopy -s -i " + image + " * ::/");
    String listing = listing(image);
    assertPart(listing, "fat (FAT" + bits + ")", expectedFat());
    assertTrue(listing.contains("type=FAT" + bits + " label=IMGC "), listing);
  }

  @Test
  void gptDiskListsItsTableAndTheFatPartition() throws Exception {
    Path disk = work.resolve("gpt.img");
    Tools.check("truncate", "-s", "100M", disk.toString());
    Tools.check("sgdisk", "-n", "1:2048:+70M", "-t", "1:EF00", "-c", "1:EFI system", "-n", "2:0:0", "-t", "2:8300",
        "-c", "2:root", "-A", "2:set:2", disk.toString());
    JsonNode table = Tools.partitionTable(disk);
    long start = table.path("partitions").get(0).path("start").asLong();
    long size = table.path("partitions").get(0).path("size").asLong();
    sh(files, "mformat -i " + disk + "@@" + start * 512 + " -F -T " + size + " :: && mcopy -s -i " + disk + "@@"
        + start * 512 + " * ::/");
    String listing = listing(disk);
    List<String> rows = new ArrayList<>();
    rows.add("scheme=gpt disk-guid=" + table.path("id").asText() + " first-usable=" + table.path("firstlba").asLong()
        + " last-usable=" + table.path("lastlba").asLong());
    int number = 0;
    for (JsonNode partition : table.path("partitions")) {
      number++;
      String type = partition.path("type").asText();
      rows.add("partition=" + number + " start=" + partition.path("start").asLong() + " sectors="
          + partition.path("size").asLong() + " type=" + (number == 1 ? "\"EFI System\"" : "\"Linux filesystem\"")
          + " type-guid=" + type + " guid=" + partition.path("uuid").asText() + " name=" + quoted(partition.path("name").asText())
          + " bootable=" + (partition.path("attrs").asText().contains("LegacyBIOSBootable") ? "yes" : "no"));
    }
    assertRows(listing, "partition-table", rows);
    assertTrue(rows.get(2).endsWith("bootable=yes"), rows.get(2));
    assertPart(listing, "partition 1 (EFI System, FAT32)", expectedFat());
    assertEquals(2, listing.lines().filter(l -> l.startsWith("# ")).count(), listing);
  }

  @Test
  void mbrDiskListsItsTableAndTheFatPartition() throws Exception {
    Path disk = sfdiskWithFat("mbr.img", "40M",
        "label: dos\\nlabel-id: 0x1234abcd\\nstart=2048, size=40000, type=e, bootable\\nstart=43008, type=83\\n", 2048, 40000);
    JsonNode table = Tools.partitionTable(disk);
    String listing = listing(disk);
    assertRows(listing, "partition-table", List.of(
        "scheme=mbr disk-signature=" + table.path("id").asText(),
        "partition=1 start=2048 sectors=40000 type=\"FAT16 (LBA)\" type-id=0x0e bootable=yes",
        "partition=2 start=43008 sectors=" + table.path("partitions").get(1).path("size").asLong()
            + " type=Linux type-id=0x83 bootable=no"));
    assertPart(listing, "partition 1 (FAT16 (LBA), FAT16)", expectedFat());
  }

  @Test
  void logicalPartitionsOfAnExtendedOneAreListed() throws Exception {
    Path disk = sfdiskWithFat("extended.img", "60M", "label: dos\\nstart=2048, size=20000, type=83\\nstart=22528, type=5\\n"
        + "start=24576, size=20000, type=e\\nstart=47104, type=83\\n", 24576, 20000);
    JsonNode table = Tools.partitionTable(disk);
    Map<String, String> names = Map.of("83", "Linux", "5", "Extended", "e", "\"FAT16 (LBA)\"");
    List<String> rows = new ArrayList<>();
    rows.add("scheme=mbr disk-signature=" + table.path("id").asText());
    for (JsonNode partition : table.path("partitions")) {
      String type = partition.path("type").asText();
      rows.add("partition=" + partition.path("node").asText().replaceAll(".*\\D", "") + " start="
          + partition.path("start").asLong() + " sectors=" + partition.path("size").asLong() + " type=" + names.get(type)
          + " type-id=0x" + (type.length() == 1 ? "0" : "") + type + " bootable=no");
    }
    assertEquals(5, rows.size(), rows::toString);
    String listing = listing(disk);
    assertRows(listing, "partition-table", rows);
    assertPart(listing, "partition 5 (FAT16 (LBA), FAT12)", expectedFat());
  }

  @Test
  void damagedGptIsReportedNotListed() throws Exception {
    Path disk = work.resolve("damaged.img");
    Tools.check("truncate", "-s", "10M", disk.toString());
    Tools.check("sgdisk", "-n", "1:2048:0", disk.toString());
    try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
      file.seek(512 + 40);
      file.write(0x7f);
    }
    InspectException e = assertThrows(InspectException.class, () -> listing(disk));
    assertTrue(e.getMessage().endsWith("has a GPT header whose CRC32 does not match: the partition table is damaged"),
        e.getMessage());
  }

  @Test
  void truncatedFatImageIsOneSentence() throws Exception {
    Path image = work.resolve("cut.img");
    Tools.check("mkfs.fat", "-C", "-F", "16", image.toString(), "40000");
    sh(files, "mcopy -s -i " + image + " * ::/ && truncate -s 200K " + image);
    InspectException e = assertThrows(InspectException.class, () -> listing(image));
    assertTrue(e.getMessage().contains("cut.img is truncated"), e.getMessage());
  }

  /** A disk partitioned by sfdisk from {@code script}, with a FAT made by mformat at {@code start} holding {@link #files}. */
  private static Path sfdiskWithFat(String name, String size, String script, long start, long sectors) throws Exception {
    Path disk = work.resolve(name);
    Tools.check("truncate", "-s", size, disk.toString());
    sh(work, "printf '" + script + "' | sfdisk -q " + disk);
    String volume = disk + "@@" + start * 512;
    sh(files, "mformat -i " + volume + " -T " + sectors + " :: && mcopy -s -i " + volume + " * ::/");
    return disk;
  }

  private static String quoted(String text) {
    return text.contains(" ") ? "\"" + text + "\"" : text;
  }
}
