package dev.imgc.fs.erofs;

import static dev.imgc.fs.StreamTestSupport.MTIME;
import static dev.imgc.fs.StreamTestSupport.meta;
import static dev.imgc.fs.StreamTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import dev.imgc.fs.RootfsTestTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lz4-compressed erofs images checked with erofs-utils' {@code fsck.erofs} (which decompresses with the
 * host's liblz4) and {@code dump.erofs}, which share no code with the writer, and weighed against
 * {@code mkfs.erofs -zlz4}'s image of the same tree.
 */
class ErofsLz4Test {
  /** Text that lz4 packs about 5:1, a few hundred KiB of it. */
  private static final byte[] TEXT = text();

  @Test
  void fsckExtractsTheSameBytesOfEveryKindOfFile(@TempDir Path dir) throws IOException {
    List<Entry> tree = tree();
    Path image = ErofsImages.write(dir.resolve("root.img"), tree, MTIME, ErofsCompression.LZ4);
    Path root = ErofsImages.extract(image, dir.resolve("x"));
    assertEquals(RootfsTestTree.digests(tree), RootfsTestTree.digests(root));
    assertEquals("tool", Files.readSymbolicLink(root.resolve("bin/sh")).toString());
    try (var big = Files.list(root.resolve(RootfsTestTree.BIG_DIRECTORY))) {
      assertEquals(RootfsTestTree.BIG_DIRECTORY_ENTRIES, big.count());
    }
    assertEquals(0, Files.size(root.resolve("etc/empty")));
    Map<String, String> tool = ErofsImages.inode(image, "bin/tool");
    assertEquals(tool.get("NID"), ErofsImages.inode(image, "bin/tool2").get("NID"), "a hard link is the same inode");
    assertEquals("0644", ErofsImages.inode(image, "data/text").get("Access").substring(0, 4));
  }

  @Test
  void dumpShowsCompressedExtentsOfOneBlockEach(@TempDir Path dir) throws IOException {
    Path image = ErofsImages.write(dir.resolve("root.img"), tree(), MTIME, ErofsCompression.LZ4);
    assertTrue(run(dir, "dump.erofs", "-s", image.toString()).contains("0padding"));
    String text = run(dir, "dump.erofs", "-e", "--path=/data/text", image.toString());
    assertTrue(text.contains("Layout: 3"), "compact lcluster indexes: " + text);
    List<long[]> extents = extents(text);
    assertTrue(extents.size() > 1, text);
    long covered = 0;
    for (long[] extent : extents) {
      assertEquals(covered, extent[0], "the extents follow each other: " + text);
      assertEquals(4096, extent[3], "one block of lz4 each: " + text);
      covered += extent[1];
    }
    assertEquals(TEXT.length, covered);
    assertTrue(extents.size() * 4096L < TEXT.length / 3, "text compresses: " + text);
    assertTrue(run(dir, "dump.erofs", "-e", "--path=/data/zeros", image.toString()).contains("Layout: 3"));
    String noise = run(dir, "dump.erofs", "--path=/data/noise", image.toString());
    assertTrue(noise.contains("Layout: 0"), "what lz4 cannot shrink is kept plain: " + noise);
    assertTrue(run(dir, "dump.erofs", "--path=/data/exact-1", image.toString()).contains("Layout: 0"),
        "a file of one block is kept as it is");
    assertTrue(run(dir, "dump.erofs", "--path=/data/short-text", image.toString()).contains("Layout: 3"),
        "a file under two blocks that lz4 packs into one is compressed");
    assertTrue(run(dir, "dump.erofs", "--path=/data/short-noise", image.toString()).contains("Layout: 2"),
        "one that lz4 cannot pack into one block keeps its inline tail");
  }

  @Test
  void theSameTreeGivesTheSameBytes(@TempDir Path dir) throws IOException {
    List<Entry> tree = RootfsTestTree.small();
    Path a = ErofsImages.write(dir.resolve("a.img"), tree, MTIME, ErofsCompression.LZ4);
    Path b = ErofsImages.write(dir.resolve("b.img"), tree, MTIME, ErofsCompression.LZ4);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  @Test
  void theImageIsAboutAsSmallAsMkfsErofsLz4s(@TempDir Path dir) throws IOException {
    List<Entry> tree = tree().stream().filter(e -> !(e instanceof Entry.Device)).toList();
    Path image = ErofsImages.write(dir.resolve("imgc.img"), tree, MTIME, ErofsCompression.LZ4);
    Path source = ErofsImages.extract(ErofsImages.write(dir.resolve("plain.img"), tree, MTIME), dir.resolve("src"));
    run(dir, "mkfs.erofs", "-zlz4", "-T" + MTIME, dir.resolve("mkfs.img").toString(), source.toString());
    long imgc = Files.size(image);
    long mkfs = Files.size(dir.resolve("mkfs.img"));
    assertTrue(imgc < mkfs * 1.05, "imgc " + imgc + " bytes, mkfs.erofs -zlz4 " + mkfs);
    assertTrue(imgc < Files.size(dir.resolve("plain.img")) * 0.8, "smaller than uncompressed");
  }

  private static final Pattern EXTENT = Pattern.compile("\\d+:\\s+(\\d+)\\.\\.\\s*\\d+ \\|\\s+(\\d+) :\\s+(\\d+)\\.\\.\\s*\\d+ \\|\\s+(\\d+)");

  /** dump.erofs -e's extents: logical start, length, physical start, length. */
  private static List<long[]> extents(String dump) {
    List<long[]> extents = new ArrayList<>();
    Matcher m = EXTENT.matcher(dump);
    while (m.find()) {
      extents.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
          Long.parseLong(m.group(4))});
    }
    return extents;
  }

  /**
   * The tree of the other writers' tests (every entry kind, hard links, xattrs, a 10,000-entry
   * directory) and files that lz4 shrinks, cannot shrink, or are runs of zeros, and files of exactly
   * 1, 2, 3 and 16 blocks.
   */
  private static List<Entry> tree() {
    List<Entry> tree = new ArrayList<>(RootfsTestTree.entries());
    tree.add(RootfsTestTree.bytes("data/text", meta(0644), TEXT));
    byte[] noise = new byte[1 << 20];
    new Random(9).nextBytes(noise);
    tree.add(RootfsTestTree.bytes("data/noise", meta(0644), noise));
    tree.add(RootfsTestTree.bytes("data/zeros", meta(0644), new byte[5 << 20]));
    tree.add(RootfsTestTree.bytes("data/short-text", meta(0644), Arrays.copyOf(TEXT, 6000)));
    tree.add(RootfsTestTree.bytes("data/short-noise", meta(0644), Arrays.copyOf(noise, 6000)));
    for (int blocks : new int[] {1, 2, 3, 16}) {
      tree.add(RootfsTestTree.bytes("data/exact-" + blocks, meta(0644), Arrays.copyOf(TEXT, blocks * 4096)));
    }
    return tree;
  }

  private static byte[] text() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("line ").append(i).append(" of a text that repeats ").append(i % 17).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
