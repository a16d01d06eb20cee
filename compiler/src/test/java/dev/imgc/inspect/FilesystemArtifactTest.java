package dev.imgc.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.block.Tools;
import dev.imgc.fs.block.ImageFiles;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.erofs.ErofsCompression;
import dev.imgc.fs.erofs.ErofsWriter;
import dev.imgc.fs.ext4.Ext4Image;
import dev.imgc.fs.ext4.Ext4Options;
import dev.imgc.fs.part.GptDisk;
import dev.imgc.fs.part.Guids;
import dev.imgc.fs.squashfs.SquashfsWriter;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Root filesystem images (squashfs, ext4, erofs) made by the host's tools from a tree on disk and
 * by imgc's writers list what the format's own tools take out of them: each listing is compared
 * with the tree the oracle extracts ({@code unsquashfs -d}, {@code fsck.erofs --extract},
 * {@code debugfs -R rdump}), and, for images made from a tree, with that tree; {@code --cat}
 * gives the bytes the oracle extracted.
 */
class FilesystemArtifactTest {
  @TempDir static Path work;
  static Path tree;

  @BeforeAll
  static void makeTree() throws Exception {
    tree = TreeOracle.sampleTree(work.resolve("tree"));
    Tools.check("mknod", "-m", "0620", tree.resolve("etc/console").toString(), "c", "5", "1");
    Tools.check("mknod", "-m", "0660", tree.resolve("etc/disk").toString(), "b", "259", "300");
    Tools.check("python3", "-c", "import os; os.setxattr('" + tree.resolve("etc/motd") + "', 'user.note', b'hi')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "xz", "zstd"})
  void squashfsByMksquashfsListsItsTree(String compression) throws Exception {
    Path image = work.resolve("mk-" + compression + ".sqfs");
    List<String> command = new ArrayList<>(List.of("mksquashfs", tree.toString(), image.toString(), "-noappend",
        "-quiet", "-no-progress", "-comp", compression, "-processors", "1"));
    if (compression.equals("xz")) {
      command.addAll(List.of("-Xbcj", "x86"));
    }
    Tools.check(command.toArray(String[]::new));
    String title = "squashfs (" + compression + ")";
    assertListsTree(image, title, tree);
    assertListsTree(image, title, unsquashfs(image));
    assertXattr(image, "etc/motd", "user.note", "hi");
    assertCat(image, "bin/blob", tree.resolve("bin/blob"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"GZIP", "XZ", "ZSTD", "NONE"})
  void squashfsByImgcListsWhatUnsquashfsExtracts(String compression) throws Exception {
    Path image = work.resolve("imgc-" + compression + ".sqfs");
    try (FileChannel out = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      SquashfsWriter.write(writerTree(), SquashfsWriter.Options.of(Compression.valueOf(compression),
          StreamTestSupport.MTIME), out);
    }
    String label = compression.equals("NONE") ? "gzip" : compression.toLowerCase(java.util.Locale.ROOT);
    Path extracted = unsquashfs(image);
    assertListsTree(image, "squashfs (" + label + ")", extracted);
    assertCat(image, "big", extracted.resolve("big"));
  }

  @org.junit.jupiter.api.Test
  void ext4ByMke2fsListsItsTree() throws Exception {
    Path image = work.resolve("mke2fs.ext4");
    Tools.check("mke2fs", "-q", "-F", "-t", "ext4", "-O", "^inline_data", "-b", "1024", "-d", tree.toString(),
        image.toString(), "8M");
    List<String> expected = new ArrayList<>(TreeOracle.expected(tree, true));
    expected.add("lost+found dir 0700 0:0 0 -");
    expected.sort(null);
    TreeOracle.assertPart(TreeOracle.listing(image), "ext4", expected);
    assertXattr(image, "etc/motd", "user.note", "hi");
    assertCat(image, "bin/blob", tree.resolve("bin/blob"));
  }

  @org.junit.jupiter.api.Test
  void ext4ByImgcListsWhatDebugfsExtracts() throws Exception {
    Path image = work.resolve("imgc.ext4");
    ImageFiles.write(image, Ext4Image.layout(writerTree(), Ext4Options.of(new UUID(1, 2), new UUID(3, 4),
        StreamTestSupport.MTIME)));
    Path extracted = Files.createDirectories(work.resolve("imgc.ext4.out"));
    Tools.check("debugfs", "-R", "rdump / " + extracted, image.toString());
    TreeOracle.assertPart(TreeOracle.listing(image), "ext4", debugfsListing(image, extracted));
    assertCat(image, "big", extracted.resolve("big"));
  }

  @org.junit.jupiter.api.Test
  void erofsByMkfsErofsListsItsTree() throws Exception {
    Path image = work.resolve("mkfs.erofs");
    Tools.check("mkfs.erofs", "--quiet", "-T", "1700000000", image.toString(), tree.toString());
    assertListsTree(image, "erofs", tree);
    assertXattr(image, "etc/motd", "user.note", "hi");
    // fsck.erofs extracts contents (neither hard links nor a setuid bit): the oracle of --cat
    Path extracted = work.resolve("mkfs.erofs.out");
    Tools.check("fsck.erofs", "--extract=" + extracted, image.toString());
    assertCat(image, "bin/blob", extracted.resolve("bin/blob"));
    assertCat(image, "etc/deep/er/" + "long-name-".repeat(12) + "end.txt",
        extracted.resolve("etc/deep/er/" + "long-name-".repeat(12) + "end.txt"));
  }

  /**
   * mkfs.erofs's lz4 images: compact indexes (2- and 4-byte), lz4 and lz4hc, 4 KiB and 16 KiB physical
   * clusters (big pclusters), of a tree with text, runs of zeros, bytes lz4 cannot shrink and the rest.
   */
  @ParameterizedTest
  @ValueSource(strings = {"-zlz4", "-zlz4hc", "-zlz4hc,12 -C16384"})
  void erofsByMkfsErofsLz4ListsItsTree(String options) throws Exception {
    Path compressible = compressibleTree();
    Path image = work.resolve("mkfs" + options.replaceAll("[^a-z0-9]", "") + ".erofs");
    List<String> command = new ArrayList<>(List.of("mkfs.erofs", "--quiet", "-T", "1700000000"));
    command.addAll(List.of(options.split(" ")));
    command.addAll(List.of(image.toString(), compressible.toString()));
    Tools.check(command.toArray(String[]::new));
    org.junit.jupiter.api.Assertions.assertTrue(Tools.check("dump.erofs", "--path=/text", image.toString())
        .contains("Layout: 3"), "mkfs.erofs compressed the text with compact indexes");
    assertListsTree(image, "erofs", compressible);
    assertXattr(image, "etc/motd", "user.note", "hi");
    for (String file : List.of("text", "zeros", "exact", "bin/blob")) {
      assertCat(image, file, compressible.resolve(file));
    }
  }

  /** The sample tree and files lz4 shrinks: text (also of exactly 8 blocks) and 3 MiB of zeros. */
  private static synchronized Path compressibleTree() throws Exception {
    Path compressible = work.resolve("lz4-tree");
    if (!Files.exists(compressible)) {
      Tools.check("cp", "-a", tree.toString(), compressible.toString());
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 60_000; i++) {
        text.append("line ").append(i).append(" of a text ").append(i % 13).append('\n');
      }
      Files.writeString(compressible.resolve("text"), text);
      Files.write(compressible.resolve("zeros"), new byte[3 << 20]);
      Files.write(compressible.resolve("exact"),
          java.util.Arrays.copyOf(text.toString().getBytes(StandardCharsets.UTF_8), 8 * 4096));
    }
    return compressible;
  }

  /** imgc's erofs images, uncompressed and lz4-compressed (full indexes), list what fsck.erofs extracts. */
  @ParameterizedTest
  @ValueSource(strings = {"NONE", "LZ4"})
  void erofsByImgcListsWhatFsckErofsExtracts(String compression) throws Exception {
    Path image = work.resolve("imgc-" + compression + ".erofs");
    try (FileChannel out = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ErofsWriter.write(writerTree(), ErofsWriter.Options.of(StreamTestSupport.MTIME, new UUID(5, 6))
          .withCompression(ErofsCompression.valueOf(compression)), out);
    }
    Path extracted = work.resolve("imgc-" + compression + ".erofs.out");
    Tools.check("fsck.erofs", "--extract=" + extracted, image.toString());
    // fsck.erofs writes each name of a file as a file of its own and clears set-id bits as it sets the owner:
    // a hard link is compared as the file it names, modes without set-id bits
    Part part = Inspector.inspect(image).parts().get(0);
    Map<String, ListedEntry> byPath = new java.util.HashMap<>();
    part.entries().forEach(e -> byPath.put(e.path(), e));
    List<String> listed = part.entries().stream().map(e -> e.type() == EntryType.HARDLINK ? byPath.get(e.target()) : e)
        .map(e -> new ListedEntry(e.path(), e.type(), e.mode() & 01777, e.uid(), e.gid(), e.size(), e.sha256(),
            e.target(), e.device(), null, null)).map(e -> ListingText.line(e.path(), e, Columns.DEFAULT)).toList();
    List<String> paths = part.entries().stream().map(ListedEntry::path).toList();
    List<String> renamed = new ArrayList<>();
    for (int i = 0; i < listed.size(); i++) {
      renamed.add(paths.get(i) + listed.get(i).substring(listed.get(i).indexOf(' ')));
    }
    assertEquals(String.join("\n", TreeOracle.expected(extracted, true)), String.join("\n", renamed));
    assertCat(image, "big", extracted.resolve("big"));
    assertCat(image, "sparse", extracted.resolve("sparse"));
  }

  /**
   * An attribute on more than two inodes is kept once in the shared area, as mkfs.erofs (default
   * tolerance) keeps it: each such inode's xattr body is the 12-byte header and a 4-byte id, in both
   * images by dump.erofs; fsck.erofs checks the ids; inspect lists every attribute on every file.
   */
  @org.junit.jupiter.api.Test
  void erofsSharesTheXattrsManyInodesCarryAsMkfsErofsDoes() throws Exception {
    Path onDisk = Files.createDirectories(work.resolve("xattr-tree"));
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Path file = Files.writeString(onDisk.resolve("f" + i), "file " + i + "\n");
      Tools.check("python3", "-c", "import os; os.setxattr('" + file + "', 'user.shared', b'one value for all')"
          + (i == 0 ? "; os.setxattr('" + file + "', 'user.own', b'mine')" : ""));
      List<dev.imgc.fs.Xattr> xattrs = new ArrayList<>(List.of(dev.imgc.fs.Xattr.text("user.shared", "one value for all")));
      if (i == 0) {
        xattrs.add(dev.imgc.fs.Xattr.text("user.own", "mine"));
      }
      byte[] bytes = ("file " + i + "\n").getBytes(StandardCharsets.UTF_8);
      entries.add(new Entry.RegularFile("f" + i, new dev.imgc.fs.Metadata(0644, 0, 0, StreamTestSupport.MTIME, xattrs),
          bytes.length, () -> new java.io.ByteArrayInputStream(bytes)));
    }
    Path mkfs = work.resolve("xattr-mkfs.erofs");
    Tools.check("mkfs.erofs", "--quiet", mkfs.toString(), onDisk.toString());
    Path imgc = work.resolve("xattr-imgc.erofs");
    try (FileChannel out = FileChannel.open(imgc, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ErofsWriter.write(entries, ErofsWriter.Options.of(StreamTestSupport.MTIME, new UUID(5, 6)), out);
    }
    Tools.check("fsck.erofs", imgc.toString());
    for (Path image : List.of(mkfs, imgc)) {
      String shared = Tools.check("dump.erofs", "--path=/f3", image.toString());
      org.junit.jupiter.api.Assertions.assertTrue(shared.contains("Xattr size: 16"), image + ": " + shared);
      assertXattr(image, "f3", "user.shared", "one value for all");
    }
    ListedEntry first = Inspector.inspect(imgc).parts().get(0).entries().stream().filter(e -> e.path().equals("f0"))
        .findFirst().orElseThrow();
    assertEquals(Map.of("user.shared", HexFormat.of().formatHex("one value for all".getBytes(StandardCharsets.UTF_8)),
        "user.own", HexFormat.of().formatHex("mine".getBytes(StandardCharsets.UTF_8))), first.xattrs());
  }

  @org.junit.jupiter.api.Test
  void erofsOfAnotherAlgorithmOrWithoutZeroPaddingIsRefusedInOneSentence() throws Exception {
    Path compressible = Files.createDirectories(work.resolve("compressible"));
    Files.writeString(compressible.resolve("text"), "compress me ".repeat(10_000));
    Path legacy = work.resolve("legacy.erofs");
    Tools.check("mkfs.erofs", "--quiet", "-zlz4", "-Elegacy-compress", legacy.toString(), compressible.toString());
    InspectException refused = org.junit.jupiter.api.Assertions.assertThrows(InspectException.class,
        () -> Inspector.inspect(legacy));
    assertEquals(legacy + " is an EROFS filesystem keeping text compressed without the 0-padding feature of erofs-utils"
        + " 1.0 and later, which imgc does not read; it reads lz4 and uncompressed EROFS", refused.getMessage());
    Path lzma = work.resolve("lzma.erofs");
    Tools.check("mkfs.erofs", "--quiet", "-zlz4", "-T", "1700000000", lzma.toString(), compressible.toString());
    // the map header after /text's compact inode (no xattrs; mkfs.erofs's metadata starts at block 0)
    // names the algorithm of head-1 clusters in its 7th byte: 1 is lzma
    long nid = Long.parseLong(Tools.check("dump.erofs", "--path=/text", lzma.toString())
        .replaceAll("(?s).*NID: (\\d+).*", "$1"));
    byte[] bytes = Files.readAllBytes(lzma);
    bytes[Math.toIntExact(nid * 32 + 32 + 6)] = 1;
    Files.write(lzma, bytes);
    refused = org.junit.jupiter.api.Assertions.assertThrows(InspectException.class, () -> Inspector.inspect(lzma));
    assertEquals(lzma + " is an EROFS filesystem keeping text compressed with lzma, which imgc does not read; it reads"
        + " lz4 and uncompressed EROFS", refused.getMessage());
  }

  /** Nested: a squashfs in a tar, an ext4 root partition of a GPT disk in a qcow2, an EROFS partition sfdisk made. */
  @org.junit.jupiter.api.Test
  void filesystemsNestedInArchivesAndDisksAreListedAtTheirLocations() throws Exception {
    Path squashfs = work.resolve("nested.sqfs");
    Tools.check("mksquashfs", tree.toString(), squashfs.toString(), "-noappend", "-quiet", "-no-progress");
    Path tar = work.resolve("nested.tar");
    TreeOracle.sh(work, "tar -cf nested.tar nested.sqfs");
    String listing = ListingText.render(Inspector.inspect(tar, InspectOptions.RECURSIVE));
    TreeOracle.assertPart(listing, "squashfs (gzip)", TreeOracle.expected(tree, true));

    Path raw = work.resolve("nested.raw");
    ImageFiles.write(raw, new GptDisk(new UUID(1, 2), List.of(new GptDisk.Partition(Guids.LINUX_FILESYSTEM,
        new UUID(3, 4), "root", Ext4Image.layout(writerTree(), Ext4Options.of(new UUID(1, 2), new UUID(3, 4),
        StreamTestSupport.MTIME))))));
    Path qcow2 = work.resolve("nested.qcow2");
    Tools.check("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString());
    String disk = ListingText.render(Inspector.inspect(qcow2, InspectOptions.RECURSIVE));
    org.junit.jupiter.api.Assertions.assertTrue(disk.contains("\n# partition-1!/ partition 1 (Linux filesystem, ext4)\n"),
        disk);
    assertEquals(ListingText.render(Inspector.inspect(raw, InspectOptions.RECURSIVE)), disk);
    ByteArrayOutputStream motd = new ByteArrayOutputStream();
    Inspector.inspect(qcow2, InspectOptions.SHALLOW.withCaptures(Captures.into(Map.of("partition-1!/etc/motd", motd))));
    assertEquals("hello from imgc\n", motd.toString(StandardCharsets.UTF_8));

    Path erofs = work.resolve("nested.erofs");
    Tools.check("mkfs.erofs", "--quiet", erofs.toString(), tree.toString());
    Path erofsDisk = work.resolve("erofs-disk.raw");
    TreeOracle.sh(work, "truncate -s 16M erofs-disk.raw && echo 'label: gpt\nstart=2048, type=linux' | sfdisk -q erofs-disk.raw"
        + " && dd if=nested.erofs of=erofs-disk.raw bs=512 seek=2048 conv=notrunc status=none");
    TreeOracle.assertPart(ListingText.render(Inspector.inspect(erofsDisk)), "partition 1 (Linux filesystem, erofs)",
        TreeOracle.expected(tree, true));
  }

  /**
   * A file whose inode declares a terabyte (a hole, nothing allocated) is read as zeros only until
   * the bounds' expansion is spent, then refused in one sentence; nothing is allocated for its size.
   */
  @org.junit.jupiter.api.Test
  void aHugeDeclaredSizeIsRefusedByTheBounds() throws Exception {
    Path image = work.resolve("huge.ext4");
    ImageFiles.write(image, Ext4Image.layout(writerTree(), Ext4Options.of(new UUID(1, 2), new UUID(3, 4),
        StreamTestSupport.MTIME)));
    java.util.regex.Matcher at = java.util.regex.Pattern.compile("located at block (\\d+), offset 0x([0-9a-f]+)")
        .matcher(Tools.check("debugfs", "-R", "imap /sparse", image.toString()));
    at.find();
    long inode = Long.parseLong(at.group(1)) * Ext4Image.BLOCK + Long.parseLong(at.group(2), 16);
    try (FileChannel channel = FileChannel.open(image, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[] {0, 1, 0, 0}), inode + 0x6c); // i_size_high: 2^40 bytes
    }
    InspectOptions tight = InspectOptions.SHALLOW.withBounds(new ReadBounds(8, 1_000_000, 1, 64L << 20));
    InspectException refused = org.junit.jupiter.api.Assertions.assertThrows(InspectException.class,
        () -> Inspector.inspect(image, tight));
    org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("decompression bomb"), refused.getMessage());
  }

  /**
   * What debugfs says an ext4 image holds, as listing lines: {@code ls -p} of each directory gives
   * each name's inode, mode, owner and size (names of one inode: the first in sort order is the file,
   * the others hard links to it), {@code stat} a device's numbers, and the files {@code rdump} took
   * out their content.
   */
  static List<String> debugfsListing(Path image, Path extracted) throws Exception {
    java.util.TreeMap<String, String> lines = new java.util.TreeMap<>();
    java.util.Map<String, String> firstName = new java.util.HashMap<>();
    java.util.Deque<String> directories = new java.util.ArrayDeque<>(List.of("."));
    java.util.Map<String, String[]> names = new java.util.TreeMap<>();
    while (!directories.isEmpty()) {
      String directory = directories.poll();
      String shown = directory.equals(".") ? "/" : "/" + directory;
      for (String row : Tools.check("debugfs", "-R", "ls -p " + shown, image.toString()).lines().toList()) {
        String[] f = row.split("/", -1); // "", inode, mode, uid, gid, name, size, ""
        if (f.length < 8 || f[1].equals("0") || f[5].equals("..") || f[5].equals(".") && !directory.equals(".")) {
          continue;
        }
        String path = f[5].equals(".") ? "." : directory.equals(".") ? f[5] : directory + "/" + f[5];
        names.put(path, f);
        if ((Integer.parseInt(f[2], 8) & 0170000) == 0040000 && !path.equals(".")) {
          directories.add(path);
        }
      }
    }
    for (Map.Entry<String, String[]> name : names.entrySet()) {
      String path = name.getKey();
      String[] f = name.getValue();
      int mode = Integer.parseInt(f[2], 8);
      String perms = String.format(java.util.Locale.ROOT, "%04o", mode & 07777);
      String owner = f[3] + ":" + f[4];
      String line = switch (mode & 0170000) {
        case 0040000 -> String.join(" ", path, "dir", perms, owner, "0", "-");
        case 0120000 -> String.join(" ", path, "symlink", perms, owner, "0", "-", "->",
            Files.readSymbolicLink(extracted.resolve(path)).toString());
        case 0010000 -> String.join(" ", path, "fifo", perms, owner, "0", "-");
        case 0020000, 0060000 -> {
          String stat = Tools.check("debugfs", "-R", "stat /" + path, image.toString());
          java.util.regex.Matcher numbers = java.util.regex.Pattern.compile("Device major/minor number: (\\d+):(\\d+)")
              .matcher(stat);
          numbers.find();
          yield String.join(" ", path, (mode & 0170000) == 0020000 ? "char" : "block", perms, owner,
              Integer.parseInt(numbers.group(1)) + "," + Integer.parseInt(numbers.group(2)), "-");
        }
        default -> {
          String first = firstName.putIfAbsent(f[1], path);
          yield first != null ? String.join(" ", path, "hardlink", perms, owner, "0", "-", "->", first)
              : String.join(" ", path, "file", perms, owner, f[6], TreeOracle.sha256(extracted.resolve(path)));
        }
      };
      lines.put(path, line);
    }
    return new ArrayList<>(lines.values());
  }

  /** The sample tree with a file of several blocks and a tail, and one with a hole. */
  static List<Entry> writerTree() {
    List<Entry> entries = new ArrayList<>(StreamTestSupport.sampleTree());
    entries.add(0, Tools.file("big", Tools.pattern(300_000, 3)));
    entries.add(Tools.zeros("sparse", 400_000));
    return entries;
  }

  static Path unsquashfs(Path image) throws Exception {
    Path out = work.resolve(image.getFileName() + ".out");
    Tools.check("unsquashfs", "-quiet", "-no-progress", "-d", out.toString(), image.toString());
    return out;
  }

  static void assertListsTree(Path image, String title, Path root) throws Exception {
    TreeOracle.assertPart(TreeOracle.listing(image), title, TreeOracle.expected(root, true));
  }

  static void assertXattr(Path image, String path, String name, String value) throws Exception {
    ListedEntry entry = Inspector.inspect(image).parts().stream().flatMap(p -> p.entries().stream())
        .filter(e -> e.path().equals(path)).findFirst().orElseThrow();
    assertEquals(Map.of(name, HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8))), entry.xattrs());
  }

  /** {@code imgc inspect --cat LOCATION} gives the bytes of {@code expected}. */
  static void assertCat(Path image, String location, Path expected) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Inspector.inspect(image, InspectOptions.SHALLOW.withCaptures(Captures.into(Map.of(location, out))));
    assertEquals(TreeOracle.sha256(expected), HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(out.toByteArray())));
    assertEquals(Files.size(expected), out.size());
  }
}
