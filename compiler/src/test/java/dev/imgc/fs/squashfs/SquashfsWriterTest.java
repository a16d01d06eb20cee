package dev.imgc.fs.squashfs;

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
import dev.imgc.fs.compress.Compression;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Squashfs images checked with squashfs-tools' unsquashfs, which shares no code with the writer. */
class SquashfsWriterTest {
  private static final List<Entry> TREE = RootfsTestTree.entries();

  static Path write(Path file, List<Entry> entries, Compression compression) throws IOException {
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      SquashfsWriter.write(entries, SquashfsWriter.Options.of(compression, MTIME), out);
    }
    return file;
  }

  /** unsquashfs -lln's lines by path: mode, uid/gid, size (or major, minor), and the link target. */
  private static Map<String, String> listing(Path image) {
    Map<String, String> lines = new HashMap<>();
    for (String line : run(image.getParent(), "unsquashfs", "-lln", "-d", "r", image.toString()).lines().toList()) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 6 || !(f[f.length - 1].startsWith("r") || line.contains(" r/"))) {
        continue;
      }
      int path = line.indexOf(" r/") >= 0 ? line.indexOf(" r/") + 3 : -1;
      if (path < 0) {
        continue;
      }
      String name = line.substring(path);
      String size = f[2].endsWith(",") ? f[2] + f[3] : f[2];
      lines.put(name.replaceFirst(" -> .*", ""), f[0] + " " + f[1] + " " + size + (name.contains(" -> ")
          ? " -> " + name.substring(name.indexOf(" -> ") + 4) : ""));
    }
    return lines;
  }

  @Test
  void unsquashfsListsEveryEntryAsWritten(@TempDir Path dir) throws IOException {
    Path image = write(dir.resolve("root.img"), TREE, Compression.GZIP);
    Map<String, String> listing = listing(image);
    assertEquals("-rwsr-xr-x 0/0 20", listing.get("bin/tool"));
    assertEquals("-rwsr-xr-x 0/0 20", listing.get("bin/tool2"));
    assertEquals("lrwxrwxrwx 0/0 4 -> tool", listing.get("bin/sh"));
    assertEquals("crw-rw-rw- 0/0 1,3", listing.get("dev/null"));
    assertEquals("brw-rw---- 0/0 8,0", listing.get("dev/sda"));
    assertEquals("prw------- 0/0 0", listing.get("dev/pipe"));
    assertEquals("drwxr-x--- 1000/1001", listing.get("etc").substring(0, 20));
    assertEquals("-rw------- 0/0 0", listing.get("etc/empty"));
    assertEquals("-rw-r----- 33/33 262144", listing.get("data/exact"));
    assertEquals("-rw------- 7/8 200000", listing.get("data/same-2"));
    assertEquals("-rw-r--r-- 0/0 5", listing.get("data/" + RootfsTestTree.LONG_NAME));
    long inBig = listing.keySet().stream().filter(p -> p.startsWith(RootfsTestTree.BIG_DIRECTORY + "/")).count();
    assertEquals(RootfsTestTree.BIG_DIRECTORY_ENTRIES, inBig);
    assertEquals("drwx------", listing.get(RootfsTestTree.BIG_DIRECTORY + "/entry-00007").substring(0, 10));
    String stat = run(dir, "unsquashfs", "-stat", image.toString());
    assertTrue(stat.contains("Compression gzip"), stat);
    assertTrue(stat.contains("Block size 131072"), stat);
    assertTrue(stat.contains("Xattrs are compressed"), stat);
    assertTrue(stat.contains("Number of ids 6"), stat);
  }

  @Test
  void unsquashfsExtractsTheSameBytesLinksOwnersAndXattrs(@TempDir Path dir) throws IOException {
    Path image = write(dir.resolve("root.img"), TREE, Compression.GZIP);
    Path root = dir.resolve("x");
    run(dir, "unsquashfs", "-d", root.toString(), image.toString());
    assertEquals(RootfsTestTree.digests(TREE), RootfsTestTree.digests(root));
    assertEquals(Files.getAttribute(root.resolve("etc/motd"), "unix:ino"), Files.getAttribute(root.resolve("etc/motd.third"), "unix:ino"));
    assertEquals(3, Files.getAttribute(root.resolve("etc/motd"), "unix:nlink"));
    assertEquals(1000, Files.getAttribute(root.resolve("etc"), "unix:uid"));
    assertEquals(MTIME, ((java.nio.file.attribute.FileTime) Files.getAttribute(root.resolve("data/big"), "lastModifiedTime")).toMillis() / 1000);
    assertEquals("made by imgc", getfattr(root.resolve("data/tagged"), "user.comment"));
    assertEquals("yes", getfattr(root.resolve("data"), "user.dir"));
    assertEquals("0x" + java.util.HexFormat.of().formatHex(RootfsTestTree.CAPABILITY), run(dir, "python3", "-c",
        "import os,sys; print('0x' + os.getxattr(sys.argv[1], 'security.capability').hex())", root.resolve("data/tagged").toString()).strip());
  }

  private static String getfattr(Path file, String name) {
    return run(file.getParent(), "python3", "-c", "import os,sys; print(os.getxattr(sys.argv[1], sys.argv[2]).decode())",
        file.toString(), name).strip();
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everyCompressionExtractsAndIsTheSameTwice(Compression compression, @TempDir Path dir) throws IOException {
    List<Entry> tree = RootfsTestTree.small();
    Path image = write(dir.resolve("a.img"), tree, compression);
    Path again = write(dir.resolve("b.img"), tree, compression);
    assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(again), "the same tree gives the same bytes");
    assertEquals(0, Files.size(image) % 4096);
    String stat = run(dir, "unsquashfs", "-stat", image.toString());
    assertTrue(stat.contains("Compression " + (compression == Compression.NONE ? "gzip" : compression.userName())), stat);
    Path root = dir.resolve("x");
    run(dir, "unsquashfs", "-d", root.toString(), image.toString());
    assertEquals(RootfsTestTree.digests(tree), RootfsTestTree.digests(root));
  }

  @Test
  void identicalFilesShareTheirBlocksAndZeroBlocksTakeNoRoom(@TempDir Path dir) throws IOException {
    byte[] content = RootfsTestTree.random(500_000, 9);
    List<Entry> one = List.of(RootfsTestTree.bytes("a", meta(0644), content));
    List<Entry> two = List.of(RootfsTestTree.bytes("a", meta(0644), content), RootfsTestTree.bytes("b", meta(0600), content));
    long single = Files.size(write(dir.resolve("one.img"), one, Compression.NONE));
    long both = Files.size(write(dir.resolve("two.img"), two, Compression.NONE));
    assertEquals(single, both, "the second copy adds an inode and a name, not 500 KB");
    List<Entry> zeros = List.of(RootfsTestTree.bytes("z", meta(0644), new byte[8 * 131072]));
    assertTrue(Files.size(write(dir.resolve("z.img"), zeros, Compression.NONE)) <= 4096);
    run(dir, "unsquashfs", "-d", "z", "z.img");
    assertEquals(8 * 131072, Files.size(dir.resolve("z/z")));
  }

  @Test
  void anXattrSquashfsHasNoPlaceForIsRefusedBeforeWriting(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("acl.img");
    List<Entry> tree = List.of(new Entry.Directory("d", new Metadata(0755, 0, 0, 0,
        List.of(new Xattr("system.posix_acl_access", new byte[] {2, 0, 0, 0})))));
    LayoutException e = assertThrows(LayoutException.class, () -> write(file, tree, Compression.GZIP));
    assertTrue(e.getMessage().contains("system.posix_acl_access of d"), e.getMessage());
    assertEquals(0, Files.size(file));
  }

  /** Bounded fuzz: random trees (names, kinds, sizes around block edges, owners, links) extract as written. */
  @Test
  void randomTreesExtractAsWritten(@TempDir Path dir) throws IOException {
    for (int round = 0; round < 12; round++) {
      Random random = new Random(round);
      List<Entry> tree = new ArrayList<>();
      List<String> dirs = new ArrayList<>(List.of(""));
      List<String> files = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String parent = dirs.get(random.nextInt(dirs.size()));
        String name = (parent.isEmpty() ? "" : parent + "/") + randomName(random, i);
        Metadata metadata = new Metadata(random.nextInt(07777 + 1), random.nextInt(3) * 1000, random.nextInt(70000), random.nextInt(Integer.MAX_VALUE));
        switch (random.nextInt(files.isEmpty() ? 4 : 5)) {
          case 0 -> {
            tree.add(new Entry.Directory(name, metadata));
            dirs.add(name);
          }
          case 1, 2 -> {
            int[] sizes = {0, 1, 4095, 131071, 131072, 131073, 262144 + 17, random.nextInt(400_000)};
            tree.add(RootfsTestTree.bytes(name, metadata, RootfsTestTree.random(sizes[random.nextInt(sizes.length)], random.nextLong())));
            files.add(name);
          }
          case 3 -> tree.add(new Entry.Symlink(name, metadata, "target-" + random.nextInt(1000)));
          default -> tree.add(new Entry.HardLink(name, metadata, files.get(random.nextInt(files.size()))));
        }
      }
      Compression compression = Compression.values()[round % Compression.values().length];
      Path image = write(dir.resolve(round + ".img"), tree, compression);
      Path root = dir.resolve("x" + round);
      run(dir, "unsquashfs", "-no-xattrs", "-d", root.toString(), image.toString());
      assertEquals(RootfsTestTree.digests(tree), RootfsTestTree.digests(root), "round " + round);
      for (Entry entry : tree) {
        Path path = root.resolve(entry.path());
        if (entry instanceof Entry.Symlink link) {
          assertEquals(link.target(), Files.readSymbolicLink(path).toString());
        } else if (!(entry instanceof Entry.HardLink)) {
          assertEquals(entry.metadata().mode(), (int) Files.getAttribute(path, "unix:mode") & 07777, entry.path());
          assertEquals(entry.metadata().gid(), Files.getAttribute(path, "unix:gid"), entry.path());
        }
      }
    }
  }

  private static String randomName(Random random, int i) {
    String alphabet = "abcXYZ019-_. é€";
    StringBuilder name = new StringBuilder("f" + i);
    int length = random.nextInt(4) == 0 ? 200 : random.nextInt(12);
    for (int c = 0; c < length; c++) {
      name.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return name.toString().getBytes(StandardCharsets.UTF_8).length > 255 ? "f" + i : name.toString();
  }
}
