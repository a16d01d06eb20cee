package dev.imgc.fs.erofs;

import static dev.imgc.fs.StreamTestSupport.MTIME;
import static dev.imgc.fs.StreamTestSupport.meta;
import static dev.imgc.fs.StreamTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.RootfsTestTree;
import dev.imgc.fs.Xattr;
import dev.imgc.fs.block.LayoutException;
import dev.imgc.fs.block.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Erofs images checked with erofs-utils' fsck.erofs and dump.erofs, which share no code with the writer. */
class ErofsWriterTest {
  private static final String NAME_255 = "x".repeat(251) + ".txt";
  /** A target that does not fit in the inode's block, so it takes a data block. */
  private static final String LONG_TARGET = "t/".repeat(2045);

  private static List<Entry> tree() {
    List<Entry> tree = new ArrayList<>(RootfsTestTree.entries());
    tree.add(RootfsTestTree.bytes("data/" + NAME_255, meta(0644), "255\n".getBytes()));
    tree.add(RootfsTestTree.bytes("data/far-owner", new Metadata(0640, 100_000, 70_000, MTIME - 86_400), new byte[] {7}));
    tree.add(new Entry.Symlink("data/long-link", meta(0777), LONG_TARGET));
    return tree;
  }

  @Test
  void fsckExtractsTheSameBytesNamesAndTimes(@TempDir Path dir) throws IOException {
    List<Entry> tree = tree();
    Path image = ErofsImages.write(dir.resolve("root.img"), tree, MTIME);
    Path root = ErofsImages.extract(image, dir.resolve("x"));
    assertEquals(RootfsTestTree.digests(tree), RootfsTestTree.digests(root));
    assertEquals("tool", Files.readSymbolicLink(root.resolve("bin/sh")).toString());
    assertEquals(LONG_TARGET, Files.readSymbolicLink(root.resolve("data/long-link")).toString());
    assertTrue(Files.isDirectory(root.resolve(RootfsTestTree.BIG_DIRECTORY + "/entry-00007")));
    try (var big = Files.list(root.resolve(RootfsTestTree.BIG_DIRECTORY))) {
      assertEquals(RootfsTestTree.BIG_DIRECTORY_ENTRIES, big.count());
    }
    assertEquals(0, Files.size(root.resolve("etc/empty")));
    assertEquals(FileTime.fromMillis(MTIME * 1000), Files.getLastModifiedTime(root.resolve("data/big")));
    assertEquals(FileTime.fromMillis((MTIME - 86_400) * 1000), Files.getLastModifiedTime(root.resolve("data/far-owner")));
    assertEquals(FileTime.fromMillis((MTIME + 5) * 1000), Files.getLastModifiedTime(root.resolve("data/same-2")));
    // erofs-utils 1.5 extracts and dumps a mode's permission bits only (a setuid file of mkfs.erofs's too)
    assertEquals(0755, (int) Files.getAttribute(root.resolve("bin/tool"), "unix:mode") & 07777);
    assertEquals(0640, (int) Files.getAttribute(root.resolve("data/exact"), "unix:mode") & 07777);
    if (ErofsImages.ROOT) {
      assertEquals(259L, Files.getAttribute(root.resolve("dev/null"), "unix:rdev"), "major 1, minor 3");
      assertEquals(2048L, Files.getAttribute(root.resolve("dev/sda"), "unix:rdev"), "major 8, minor 0");
      assertEquals("prw-------", run(dir, "stat", "-c", "%A", root.resolve("dev/pipe").toString()).strip());
      assertEquals(100_000, Files.getAttribute(root.resolve("data/far-owner"), "unix:uid"));
      assertEquals(70_000, Files.getAttribute(root.resolve("data/far-owner"), "unix:gid"));
      assertEquals(1000, Files.getAttribute(root.resolve("etc"), "unix:uid"));
    }
  }

  @Test
  void dumpShowsInodesOwnersLinksAndXattrs(@TempDir Path dir) throws IOException {
    Path image = ErofsImages.write(dir.resolve("root.img"), tree(), MTIME);
    Map<String, String> tool = ErofsImages.inode(image, "bin/tool");
    assertEquals(tool.get("NID"), ErofsImages.inode(image, "bin/tool2").get("NID"), "a hard link is the same inode");
    assertEquals("2", tool.get("Links"));
    assertEquals("3", ErofsImages.inode(image, "etc/motd").get("Links"));
    Map<String, String> far = ErofsImages.inode(image, "data/far-owner");
    assertEquals("64", far.get("Inode size"), "owners past 16 bits take an extended inode");
    assertEquals("100000", far.get("Uid"));
    assertEquals("70000", far.get("Gid"));
    assertEquals("32", ErofsImages.inode(image, "data/big").get("Inode size"), "the image's time needs no extended inode");
    assertEquals("64", ErofsImages.inode(image, "data/same-2").get("Inode size"), "another mtime does");
    Map<String, String> etc = ErofsImages.inode(image, "etc");
    assertEquals("1000", etc.get("Uid"));
    assertEquals("1001", etc.get("Gid"));
    assertEquals("2", ErofsImages.inode(image, "data").get("Links"), "no subdirectories");
    // the inline xattr body: a 12-byte header, then per attribute 4 bytes, the name without its
    // namespace's prefix and the value, rounded up to 4 bytes
    int tagged = 12 + (4 + "comment".length() + "made by imgc".length() + 3) / 4 * 4
        + (4 + "capability".length() + RootfsTestTree.CAPABILITY.length + 3) / 4 * 4;
    assertEquals(String.valueOf(tagged), ErofsImages.inode(image, "data/tagged").get("Xattr size"));
    assertEquals("0", ErofsImages.inode(image, "data/big").get("Xattr size"));
    String listing = run(dir, "dump.erofs", "--ls", "--path=/" + RootfsTestTree.BIG_DIRECTORY, image.toString());
    assertEquals(RootfsTestTree.BIG_DIRECTORY_ENTRIES + 2, listing.lines().filter(l -> l.matches("\\s*\\d+\\s+\\d\\s+\\S+")).count());
    String superblock = run(dir, "dump.erofs", "-s", image.toString());
    assertTrue(superblock.contains(ErofsImages.ID.toString()), superblock);
    assertTrue(superblock.contains("sb_csum"), superblock);
  }

  @Test
  void theSameTreeGivesTheSameBytes(@TempDir Path dir) throws IOException {
    List<Entry> tree = RootfsTestTree.small();
    Path a = ErofsImages.write(dir.resolve("a.img"), tree, MTIME);
    Path b = ErofsImages.write(dir.resolve("b.img"), tree, MTIME);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertEquals(0, Files.size(a) % 4096);
  }

  @Test
  void fsckRefusesAnImageWhoseSuperblockChanged(@TempDir Path dir) throws Exception {
    Path image = ErofsImages.write(dir.resolve("root.img"), RootfsTestTree.small(), MTIME);
    byte[] bytes = Files.readAllBytes(image);
    bytes[1024 + 24] ^= 1; // the build time: the checksum no longer matches
    Files.write(image, bytes);
    Tools.Run fsck = Tools.run(List.of("fsck.erofs", image.toString()));
    assertTrue(fsck.output().contains("superblock chksum doesn't match"), fsck.output());
  }

  @Test
  void anXattrErofsHasNoPlaceForIsRefusedBeforeWriting(@TempDir Path dir) {
    Path file = dir.resolve("acl.img");
    List<Entry> tree = List.of(new Entry.Directory("d", new Metadata(0755, 0, 0, 0,
        List.of(new Xattr("system.sockprotoname", new byte[] {1})))));
    LayoutException e = assertThrows(LayoutException.class, () -> ErofsImages.write(file, tree, MTIME));
    assertTrue(e.getMessage().contains("system.sockprotoname of d"), e.getMessage());
    assertEquals(0, file.toFile().length());
  }

  @Test
  void aNameLongerThan255BytesOrATargetLongerThan4095AreRefused(@TempDir Path dir) {
    List<Entry> tree = List.of(RootfsTestTree.bytes("y".repeat(256), meta(0644), new byte[0]));
    LayoutException e = assertThrows(LayoutException.class, () -> ErofsImages.write(dir.resolve("a.img"), tree, MTIME));
    assertTrue(e.getMessage().contains("255 bytes"), e.getMessage());
    List<Entry> link = List.of(new Entry.Symlink("l", meta(0777), "t".repeat(4096)));
    e = assertThrows(LayoutException.class, () -> ErofsImages.write(dir.resolve("b.img"), link, MTIME));
    assertTrue(e.getMessage().contains("4095 bytes"), e.getMessage());
  }
}
