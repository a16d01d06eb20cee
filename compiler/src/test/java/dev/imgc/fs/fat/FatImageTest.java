package dev.imgc.fs.fat;

import static dev.imgc.fs.block.Tools.TIME;
import static dev.imgc.fs.block.Tools.check;
import static dev.imgc.fs.block.Tools.dir;
import static dev.imgc.fs.block.Tools.file;
import static dev.imgc.fs.block.Tools.meta;
import static dev.imgc.fs.block.Tools.pattern;
import static dev.imgc.fs.block.Tools.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import dev.imgc.fs.block.LayoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FatImageTest {
  @TempDir Path tmp;

  static List<Entry> tree() {
    List<Entry> entries = new ArrayList<>();
    entries.add(dir("EFI"));
    entries.add(dir("EFI/BOOT"));
    entries.add(file("EFI/BOOT/BOOTX64.EFI", pattern(70_000, 1)));
    entries.add(file("README.TXT", "short name only\n"));
    entries.add(file("readme.md", "lower case, needs a long name\n"));
    entries.add(file("A long file name with spaces.conf", "spaces\n"));
    entries.add(file("longfilename-one.txt", "one\n"));
    entries.add(file("longfilename-two.txt", "two\n"));
    entries.add(file("empty", new byte[0]));
    entries.add(new Entry.HardLink("same-as-one.txt", meta(0644), "longfilename-one.txt"));
    entries.add(dir("many"));
    for (int i = 0; i < 60; i++) {
      entries.add(file("many/file number " + i + " with a long name.txt", "file " + i + "\n"));
    }
    entries.add(file("many/thirteen-char", "a long name filling one entry exactly, no terminator\n"));
    entries.add(file("many/twenty-six-characters-x", "two entries exactly\n"));
    entries.add(file("many/one-cluster.bin", pattern(512, 4)));
    entries.add(file("many/one-cluster-and-a-byte.bin", pattern(513, 5)));
    entries.add(dir("many/sub"));
    entries.add(file("many/sub/ünïcödé.txt", pattern(5000, 2)));
    return entries;
  }

  @ParameterizedTest
  @EnumSource(FatType.class)
  void eachVariantIsCleanAndExtractsWithLongNames(FatType type) throws Exception {
    FatImage image = FatImage.layout(tree(), FatOptions.of("imgc efi", 0x1234abcd, TIME).withType(type));
    assertEquals(type, image.type());
    Path img = write(image, tmp.resolve("fat.img"));
    assertEquals(image.size(), Files.size(img));

    String fsck = check("fsck.fat", "-n", "-v", img.toString());
    assertTrue(fsck.contains("2 FATs, " + type.bits + " bit entries"), fsck);
    String label = check("mlabel", "-i", img.toString(), "-s", "::");
    assertTrue(label.contains("IMGC EFI"), label);
    String serial = check("minfo", "-i", img.toString(), "::");
    assertTrue(serial.contains("serial number: 1234ABCD"), serial);

    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    check("mcopy", "-s", "-n", "-i", img.toString(), "::/", out.toString() + "/");
    assertExtracted(tree(), out);
  }

  static void assertExtracted(List<Entry> entries, Path out) throws IOException {
    for (Entry entry : entries) {
      Path p = out.resolve(entry.path());
      if (entry instanceof Entry.Directory) {
        assertTrue(Files.isDirectory(p), entry.path());
      } else if (entry instanceof Entry.RegularFile f) {
        try (var in = f.content().open()) {
          assertArrayEquals(in.readAllBytes(), Files.readAllBytes(p), entry.path());
        }
      } else if (entry instanceof Entry.HardLink link) {
        assertArrayEquals(Files.readAllBytes(out.resolve(link.target())), Files.readAllBytes(p), entry.path());
      }
    }
    try (var listing = Files.walk(out)) {
      assertEquals(entries.size(), listing.count() - 1, "nothing more than the entries");
    }
  }

  @Test
  void shortNamesAndLongNamesAsMtoolsShowsThem() throws Exception {
    Path img = write(FatImage.layout(tree(), FatOptions.of("", 1, TIME)), tmp.resolve("fat.img"));
    String listing = check("mdir", "-i", img.toString(), "::/");
    // mdir prints the short name, then the long name when there is one.
    assertTrue(listing.matches("(?s).*LONGFI~1 TXT +4 .* longfilename-one\\.txt.*"), listing);
    assertTrue(listing.matches("(?s).*LONGFI~2 TXT +4 .* longfilename-two\\.txt.*"), listing);
    assertTrue(listing.matches("(?s).*README +TXT +16 .*"), listing);
    assertTrue(listing.matches("(?s).*README +MD +30 .* readme\\.md.*"), listing);
    assertTrue(listing.contains("2023-11-14"), "the entries' time (2023-11-14 22:13 UTC): " + listing);
  }

  @Test
  void smallContentsChooseFat12AndLargeOnesFat16() {
    assertEquals(FatType.FAT12, FatImage.layout(tree(), FatOptions.of("", 1, TIME)).type());
    List<Entry> big = new ArrayList<>(tree());
    big.add(new Entry.RegularFile("big", meta(0644), 40L << 20, () -> { throw new IOException("not read"); }));
    assertEquals(FatType.FAT16, FatImage.layout(big, FatOptions.of("", 1, TIME)).type());
  }

  @Test
  void givenSizeTooSmallIsOneClearError() {
    LayoutException e = assertThrows(LayoutException.class,
        () -> FatImage.layout(tree(), FatOptions.of("", 1, TIME).withSize(64 * 1024)));
    assertTrue(e.getMessage().matches("the contents need \\d+ clusters of 512 bytes \\(\\d+ KiB\\) but this FAT12 filesystem of 64 KiB has \\d+; .*"),
        e.getMessage());
  }

  @Test
  void aFullFixedRootDirectoryIsOneClearError() {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      entries.add(file("root file " + i, "x")); // at most 13 characters: one long entry and the short one
    }
    LayoutException e = assertThrows(LayoutException.class,
        () -> FatImage.layout(entries, FatOptions.of("", 1, TIME).withType(FatType.FAT16)));
    assertEquals("the root directory needs 600 entries but FAT16 holds 512; force FAT32 or move files into a directory",
        e.getMessage());
  }

  @Test
  void everySizeStaysClearOfTheVariantBoundaries() throws Exception {
    // Near 4085 clusters readers disagree on FAT12 or FAT16; syslinux's installer is the strictest.
    for (long kib = 1024; kib <= 40 * 1024; kib += 512) {
      FatImage image = FatImage.layout(List.of(file("syslinux.cfg", "x")), FatOptions.of("", 1, TIME).withSize(kib << 10));
      long clusters = image.clusterCount();
      assertTrue(clusters <= 4084 - 16 || clusters >= 4085 + 16 && clusters <= 65524 - 16, kib + " KiB: " + clusters);
      Path img = write(image, tmp.resolve(kib + ".img"));
      check("syslinux", "--install", img.toString());
      check("fsck.fat", "-n", img.toString());
      Files.delete(img);
    }
  }

  @Test
  void givenSizeIsKept() throws Exception {
    FatImage image = FatImage.layout(tree(), FatOptions.of("", 1, TIME).withSize(40L << 20));
    assertEquals(40L << 20, image.size());
    assertEquals(FatType.FAT16, image.type());
    check("fsck.fat", "-n", write(image, tmp.resolve("fat.img")).toString());
  }

  @Test
  void symlinksAndCaseTwinsAreRefused() {
    List<Entry> withLink = List.of(new Entry.Symlink("link", meta(0644), "target"));
    assertEquals("'link' is a symlink, which FAT cannot hold; leave it out of FAT images",
        assertThrows(LayoutException.class, () -> FatImage.layout(withLink, FatOptions.of("", 1, TIME))).getMessage());
    List<Entry> twins = List.of(file("Readme", "a"), file("README", "b"));
    assertTrue(assertThrows(LayoutException.class, () -> FatImage.layout(twins, FatOptions.of("", 1, TIME)))
        .getMessage().contains("only by case"));
  }

  @Test
  void writingTwiceGivesTheSameBytes() throws Exception {
    Path a = write(FatImage.layout(tree(), FatOptions.of("X", 7, TIME).withType(FatType.FAT32)), tmp.resolve("a.img"));
    Path b = write(FatImage.layout(tree(), FatOptions.of("X", 7, TIME).withType(FatType.FAT32)), tmp.resolve("b.img"));
    assertEquals(-1, Files.mismatch(a, b));
  }
}
