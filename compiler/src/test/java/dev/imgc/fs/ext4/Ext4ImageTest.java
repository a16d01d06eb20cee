package dev.imgc.fs.ext4;

import static dev.imgc.fs.block.Tools.TIME;
import static dev.imgc.fs.block.Tools.check;
import static dev.imgc.fs.block.Tools.dir;
import static dev.imgc.fs.block.Tools.file;
import static dev.imgc.fs.block.Tools.meta;
import static dev.imgc.fs.block.Tools.pattern;
import static dev.imgc.fs.block.Tools.write;
import static dev.imgc.fs.block.Tools.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Content;
import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.Xattr;
import dev.imgc.fs.block.LayoutException;
import dev.imgc.fs.block.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ext4 writer checked by e2fsprogs, which knows nothing of it: {@code e2fsck -fn} finds nothing to
 * fix, and {@code debugfs} reads back every entry's kind, owner, mode, size, links, time, target,
 * device number, attributes and bytes.
 */
class Ext4ImageTest {
  static final Ext4Options OPTIONS = Ext4Options.of(UUID.fromString("5f0c2b0e-1d7a-4c1e-9a53-0d6f2e3b4a11"),
      UUID.fromString("0e6b7c1d-2f3a-4b5c-8d9e-aabbccddeeff"), TIME);
  static final String LONG_NAME = "n".repeat(250) + ".long";
  static final String LONG_TARGET = "../" + "t".repeat(200);
  static final long AFTER_2038 = 4_102_444_800L;

  @TempDir static Path shared;
  static Path image;

  /** A file whose blocks alternate: data in even blocks, holes in odd ones; {@code blocks} long. */
  static Entry.RegularFile striped(String path, int blocks) {
    long size = (long) blocks * Ext4Image.BLOCK;
    Content content = () -> new InputStream() {
      private long at;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (at >= size) {
          return -1;
        }
        int n = (int) Math.min(len, size - at);
        for (int i = 0; i < n; i++, at++) {
          long block = at / Ext4Image.BLOCK;
          b[off + i] = block % 2 == 0 ? (byte) (block % 251 + 1) : 0;
        }
        return n;
      }
    };
    return new Entry.RegularFile(path, meta(0600), size, content);
  }

  static byte[] stripedBytes(int blocks) throws IOException {
    try (InputStream in = striped("x", blocks).content().open()) {
      return in.readAllBytes();
    }
  }

  /** Linux's xattr form of an ACL: owner rwx, user 1000 r-x, group r-x, mask r-x, other ---. */
  static byte[] acl() {
    ByteBuffer b = ByteBuffer.allocate(4 + 5 * 8).order(ByteOrder.LITTLE_ENDIAN).putInt(2);
    b.putShort((short) 0x01).putShort((short) 7).putInt(-1);
    b.putShort((short) 0x02).putShort((short) 5).putInt(1000);
    b.putShort((short) 0x04).putShort((short) 5).putInt(-1);
    b.putShort((short) 0x10).putShort((short) 5).putInt(-1);
    b.putShort((short) 0x20).putShort((short) 0).putInt(-1);
    return b.array();
  }

  static Entry.RegularFile owned(String path, Metadata metadata, String text) {
    Entry.RegularFile plain = Tools.file(path, text);
    return new Entry.RegularFile(path, metadata, plain.size(), plain.content());
  }

  static List<Entry> everyKind() {
    List<Xattr> big = List.of(Xattr.text("user.big", "v".repeat(1000)), Xattr.text("user.small", "s"));
    List<Entry> entries = new ArrayList<>();
    entries.add(dir("etc"));
    entries.add(file("etc/hostname", "imgc\n"));
    entries.add(owned("etc/shadow", new Metadata(0640, 100_000, 70_000, AFTER_2038), "root:"));
    entries.add(file("empty", new byte[0]));
    entries.add(file("one-block", pattern(Ext4Image.BLOCK, 1)));
    entries.add(file("big", pattern(300_000, 2)));
    entries.add(zeros("all-zeros", 1 << 20));
    entries.add(striped("striped-small", 40));
    entries.add(striped("striped-deep", 4000));
    entries.add(new Entry.HardLink("big-again", meta(0644), "big"));
    entries.add(new Entry.HardLink("etc/big-third", meta(0644), "big"));
    entries.add(new Entry.Symlink("short-link", meta(0777), "etc/hostname"));
    entries.add(new Entry.Symlink("link-59", meta(0777), "x".repeat(59)));
    entries.add(new Entry.Symlink("link-60", meta(0777), "y".repeat(60)));
    entries.add(new Entry.Symlink("long-link", meta(0777), LONG_TARGET));
    entries.add(dir("dev"));
    entries.add(new Entry.Device("dev/null", meta(0666), Entry.DeviceKind.CHARACTER, 1, 3));
    entries.add(new Entry.Device("dev/sda", meta(0660), Entry.DeviceKind.BLOCK, 8, 0));
    entries.add(new Entry.Device("dev/big-minor", meta(0600), Entry.DeviceKind.CHARACTER, 259, 70_000));
    entries.add(new Entry.Fifo("dev/fifo", meta(0620)));
    entries.add(owned("sbin-tool", new Metadata(04755, 0, 0, TIME,
        List.of(Xattr.text("security.capability", "cap"), Xattr.text("user.comment", "hello"))), "abc"));
    entries.add(owned("xattr-a", new Metadata(0644, 0, 0, TIME, big), "a"));
    entries.add(owned("xattr-b", new Metadata(0644, 0, 0, TIME, big), "b"));
    entries.add(new Entry.Directory("acl-dir", new Metadata(01777, 0, 0, TIME,
        List.of(new Xattr("system.posix_acl_access", acl())))));
    entries.add(file("acl-dir/" + LONG_NAME, "long name\n"));
    entries.add(file("acl-dir/ünïcödé", "unicode\n"));
    entries.add(dir("many"));
    for (int i = 0; i < 10_000; i++) {
      entries.add(file(String.format("many/entry-%05d", i), "entry " + i + "\n"));
    }
    return entries;
  }

  @BeforeAll
  static void writeEveryKind() throws Exception {
    image = write(Ext4Image.layout(everyKind(), OPTIONS), shared.resolve("every-kind.img"));
  }

  static String debugfs(Path img, String request) throws Exception {
    return check("debugfs", "-R", request, img.toString());
  }

  static String field(String stat, String regex) {
    Matcher m = Pattern.compile(regex).matcher(stat);
    assertTrue(m.find(), regex + " in\n" + stat);
    return m.group(1);
  }

  static void assertClean(Path img) throws Exception {
    Tools.Run fsck = Tools.run(List.of("e2fsck", "-fn", img.toString()));
    assertEquals(0, fsck.status(), fsck.output());
  }

  @Test
  void e2fsckFindsNothingToFix() throws Exception {
    assertClean(image);
    String super_ = check("dumpe2fs", "-h", image.toString());
    assertTrue(super_.contains("Filesystem UUID:          5f0c2b0e-1d7a-4c1e-9a53-0d6f2e3b4a11"), super_);
    assertTrue(super_.contains("Directory Hash Seed:      0e6b7c1d-2f3a-4b5c-8d9e-aabbccddeeff"), super_);
    for (String feature : List.of("has_journal", "ext_attr", "dir_index", "filetype", "extent", "64bit", "flex_bg",
        "sparse_super", "large_file", "huge_file", "dir_nlink", "extra_isize", "metadata_csum")) {
      assertTrue(super_.matches("(?s).*Filesystem features:[^\n]*\\b" + feature + "\\b.*"), feature + "\n" + super_);
    }
    assertTrue(super_.contains("Journal backup:           inode blocks"), super_);
  }

  @Test
  void debugfsReadsOwnersModesTimesAndLinks() throws Exception {
    String shadow = debugfs(image, "stat /etc/shadow");
    assertEquals("100000", field(shadow, "User:\\s+(\\d+)"));
    assertEquals("70000", field(shadow, "Group:\\s+(\\d+)"));
    assertEquals("0640", field(shadow, "Mode:\\s+(\\d+)"));
    assertTrue(shadow.contains("mtime: 0x" + Long.toHexString(AFTER_2038 & 0xffffffffL)), shadow);
    assertTrue(shadow.contains("2100"), "the time after 2038 reads back in 2100:\n" + shadow);
    String big = debugfs(image, "stat /big");
    assertEquals("3", field(big, "Links:\\s+(\\d+)"));
    assertEquals("300000", field(big, "Size:\\s+(\\d+)"));
    String tool = debugfs(image, "stat /sbin-tool");
    assertEquals("04755", field(tool, "Mode:\\s+(\\d+)"));
    String acl = debugfs(image, "stat /acl-dir");
    assertEquals("01777", field(acl, "Mode:\\s+(\\d+)"));
    String many = debugfs(image, "stat /many");
    assertEquals("directory", field(many, "Type:\\s+(\\w+)"));
    String root = debugfs(image, "stat /");
    assertEquals("7", field(root, "Links:\\s+(\\d+)"), "root: . and .. (2), etc, dev, acl-dir, many, lost+found");
    String listing = debugfs(image, "ls -l /dev");
    assertTrue(listing.matches("(?s).*20666 \\(3\\)\\s+0\\s+0 .* null.*"), listing);
    assertTrue(listing.matches("(?s).*60660 \\(4\\)\\s+0\\s+0 .* sda.*"), listing);
    assertTrue(listing.matches("(?s).*10620 \\(5\\)\\s+0\\s+0 .* fifo.*"), listing);
    assertTrue(debugfs(image, "stat /dev/null").contains("Device major/minor number: 01:03"));
    assertTrue(debugfs(image, "stat /dev/sda").contains("Device major/minor number: 08:00"));
    assertTrue(debugfs(image, "stat /dev/big-minor").contains("Device major/minor number: 259:70000"));
  }

  @Test
  void symlinksShortAndLong() throws Exception {
    assertTrue(debugfs(image, "stat /short-link").contains("Fast link dest: \"etc/hostname\""));
    assertTrue(debugfs(image, "stat /link-59").contains("Fast link dest: \"" + "x".repeat(59) + "\""));
    String sixty = debugfs(image, "stat /link-60");
    assertEquals("60", field(sixty, "Size:\\s+(\\d+)"));
    assertTrue(sixty.contains("EXTENTS:"), sixty);
    Path out = shared.resolve("long-link");
    debugfs(image, "dump /long-link " + out);
    assertEquals(LONG_TARGET, Files.readString(out));
  }

  @Test
  void dumpGivesTheBytesBackAndHolesTakeNoBlocks() throws Exception {
    assertDumped("/big", pattern(300_000, 2));
    assertDumped("/etc/big-third", pattern(300_000, 2));
    assertDumped("/one-block", pattern(Ext4Image.BLOCK, 1));
    assertDumped("/empty", new byte[0]);
    assertDumped("/acl-dir/" + LONG_NAME, "long name\n".getBytes());
    assertDumped("/acl-dir/ünïcödé", "unicode\n".getBytes());
    assertDumped("/many/entry-09999", "entry 9999\n".getBytes());
    assertDumped("/all-zeros", new byte[1 << 20]);
    assertEquals("0", field(debugfs(image, "stat /all-zeros"), "Blockcount:\\s+(\\d+)"));
    assertDumped("/striped-small", stripedBytes(40));
    assertEquals(String.valueOf(20 * 8 + 8), field(debugfs(image, "stat /striped-small"), "Blockcount:\\s+(\\d+)"),
        "20 data blocks and one extent leaf, in 512-byte units");
    assertDumped("/striped-deep", stripedBytes(4000));
    String deep = debugfs(image, "stat /striped-deep");
    assertTrue(deep.contains("(IND)") || deep.contains("ETB1"), "2000 extents need index blocks:\n" + deep);
  }

  private void assertDumped(String path, byte[] expected) throws Exception {
    Path out = shared.resolve("dump-" + Integer.toHexString(path.hashCode()));
    debugfs(image, "dump " + path + " " + out);
    assertArrayEquals(expected, Files.readAllBytes(out), path);
  }

  @Test
  void extendedAttributesAndAcls() throws Exception {
    String tool = debugfs(image, "ea_list /sbin-tool");
    assertTrue(tool.contains("security.capability (3) = \"cap\""), tool);
    assertTrue(tool.contains("user.comment (5) = \"hello\""), tool);
    String a = debugfs(image, "ea_list /xattr-a");
    assertTrue(a.contains("user.big (1000)"), a);
    assertTrue(debugfs(image, "ea_get /xattr-a user.big").contains("\"" + "v".repeat(1000) + "\""));
    assertTrue(a.contains("user.small (1) = \"s\""), a);
    String blockA = field(debugfs(image, "stat /xattr-a"), "File ACL:\\s+(\\d+)");
    assertEquals(blockA, field(debugfs(image, "stat /xattr-b"), "File ACL:\\s+(\\d+)"), "identical attributes share a block");
    assertTrue(!blockA.equals("0"));
    Path acl = shared.resolve("acl");
    debugfs(image, "ea_get -f " + acl + " /acl-dir system.posix_acl_access");
    ByteBuffer read = ByteBuffer.wrap(Files.readAllBytes(acl)).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer given = ByteBuffer.wrap(acl()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(given.capacity(), read.capacity(), "e2fsprogs turns ext4's form back into Linux's: 5 entries");
    assertEquals(2, read.getInt());
    given.getInt();
    while (given.hasRemaining()) {
      short tag = given.getShort();
      assertEquals(tag, read.getShort());
      assertEquals(given.getShort(), read.getShort());
      int id = given.getInt();
      assertEquals(tag == 0x02 ? id : 0, read.getInt(), "ids of named entries kept; e2fsprogs gives the others 0");
    }
  }

  @Test
  void sameInputsGiveTheSameBytes() throws Exception {
    Path again = write(Ext4Image.layout(everyKind(), OPTIONS), shared.resolve("again.img"));
    assertEquals(sha256(image), sha256(again));
  }

  static String sha256(Path file) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  @Test
  void aGivenSizeWithManyGroupsIsCleanAndSparse(@TempDir Path tmp) throws Exception {
    long size = 3L << 30;
    Ext4Image fs = Ext4Image.layout(List.of(dir("d"), file("d/f", pattern(50_000, 9))), OPTIONS.withSize(size));
    Path img = write(fs, tmp.resolve("big.img"));
    assertEquals(size, Files.size(img));
    assertClean(img);
    String super_ = check("dumpe2fs", img.toString());
    assertTrue(super_.contains("Group 23:"), "24 groups of 128 MiB");
    assertTrue(super_.contains("Backup superblock at 229376"), "group 7 keeps a copy:\n" + super_);
    long onDisk = Long.parseLong(check("stat", "-c", "%b", img.toString()).strip()) * 512;
    assertTrue(onDisk < 64L << 20, "a 3 GiB image of 50 KB takes " + onDisk + " bytes on disk");
  }

  @Test
  void sizedFromContentsLeavesFreeSpace() throws Exception {
    String super_ = check("dumpe2fs", "-h", image.toString());
    long free = Long.parseLong(field(super_, "Free blocks:\\s+(\\d+)"));
    assertTrue(free * Ext4Image.BLOCK >= Ext4Options.MINIMUM_FREE_BYTES, super_);
  }

  @Test
  void whatDoesNotFitIsRefusedWithOneSentence() {
    LayoutException small = assertThrows(LayoutException.class,
        () -> Ext4Image.layout(List.of(file("f", pattern(20 << 20, 1))), OPTIONS.withSize(16 << 20)));
    assertTrue(small.getMessage().matches("the tree needs an ext4 filesystem of at least \\d+ MiB .*the size asked is 16 MiB.*"),
        small.getMessage());
    LayoutException target = assertThrows(LayoutException.class,
        () -> Ext4Image.layout(List.of(new Entry.Symlink("l", meta(0777), "x".repeat(5000))), OPTIONS));
    assertTrue(target.getMessage().startsWith("symlink 'l' has a target of 5000 bytes"), target.getMessage());
    LayoutException lostFound = assertThrows(LayoutException.class,
        () -> Ext4Image.layout(List.of(file("lost+found", "x")), OPTIONS));
    assertTrue(lostFound.getMessage().startsWith("'lost+found' is not a directory"), lostFound.getMessage());
    List<Xattr> huge = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      huge.add(Xattr.text("user.a" + i, "z".repeat(2000)));
    }
    LayoutException xattrs = assertThrows(LayoutException.class, () -> Ext4Image.layout(
        List.of(new Entry.Directory("d", new Metadata(0755, 0, 0, TIME, huge))), OPTIONS));
    assertTrue(xattrs.getMessage().startsWith("the extended attributes of 'd' take"), xattrs.getMessage());
  }
}
