package dev.imgc.fs;

import static dev.imgc.fs.StreamTestSupport.MTIME;
import static dev.imgc.fs.StreamTestSupport.meta;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A root filesystem for the writers of whole filesystems (squashfs, erofs, ext4) and what an oracle
 * should find in it: every entry kind, owners, setuid, long names, a 10,000-entry directory, files of
 * several blocks (one with a block of zeros, one an exact number of blocks), identical files, a file
 * with three names, and xattrs.
 */
public final class RootfsTestTree {
  public static final String BIG_DIRECTORY = "many";
  public static final int BIG_DIRECTORY_ENTRIES = 10_000;
  public static final String LONG_NAME = "n".repeat(250) + ".txt";

  /** A vfs_cap_data revision 2 giving CAP_NET_BIND_SERVICE, effective: the kernel checks the value's form. */
  public static final byte[] CAPABILITY = {1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  private RootfsTestTree() {}

  /** The tree without its 10,000-entry directory: quicker, for tests that write it many times. */
  public static List<Entry> small() {
    return entries().stream().filter(e -> !(e.path() + "/").startsWith(BIG_DIRECTORY + "/")).toList();
  }

  /** The tree, parents before children. */
  public static List<Entry> entries() {
    List<Entry> entries = new ArrayList<>(StreamTestSupport.sampleTree());
    Metadata tagged = new Metadata(0644, 0, 0, MTIME,
        List.of(Xattr.text("user.comment", "made by imgc"), new Xattr("security.capability", CAPABILITY)));
    entries.add(new Entry.Directory("data", new Metadata(0755, 0, 0, MTIME, List.of(Xattr.text("user.dir", "yes")))));
    entries.add(bytes("data/big", meta(0644), random(300_000, 1)));
    byte[] holes = new byte[3 * 131072 + 5];
    holes[0] = 1;
    holes[holes.length - 1] = 2;
    entries.add(bytes("data/holes", meta(0644), holes));
    entries.add(bytes("data/exact", new Metadata(0640, 33, 33, MTIME), random(2 * 131072, 2)));
    entries.add(bytes("data/same-1", meta(0644), random(200_000, 3)));
    entries.add(bytes("data/same-2", new Metadata(0600, 7, 8, MTIME + 5), random(200_000, 3)));
    entries.add(bytes("data/tagged", tagged, "xattrs\n".getBytes(StandardCharsets.UTF_8)));
    entries.add(new Entry.Symlink("data/tagged-link", new Metadata(0777, 0, 0, MTIME,
        List.of(Xattr.text("trusted.overlay.origin", "x"))), "tagged"));
    entries.add(bytes("data/" + LONG_NAME, meta(0644), "long\n".getBytes(StandardCharsets.UTF_8)));
    entries.add(new Entry.Directory(BIG_DIRECTORY, meta(0755)));
    for (int i = 0; i < BIG_DIRECTORY_ENTRIES; i++) {
      String name = BIG_DIRECTORY + "/entry-" + String.format("%05d", i);
      entries.add(i % 100 == 7 ? new Entry.Directory(name, meta(0700))
          : bytes(name, meta(0644), ("file " + i + "\n").getBytes(StandardCharsets.UTF_8)));
    }
    return entries;
  }

  /** sha256 of every regular file's bytes by path (hard links included). */
  public static Map<String, String> digests(List<Entry> entries) throws IOException {
    Map<String, String> digests = new TreeMap<>();
    for (Entry entry : entries) {
      if (entry instanceof Entry.RegularFile file) {
        try (InputStream in = file.content().open()) {
          digests.put(file.path(), sha256(in.readAllBytes()));
        }
      } else if (entry instanceof Entry.HardLink link) {
        digests.put(link.path(), digests.get(link.target()));
      }
    }
    return digests;
  }

  /** sha256 of every regular file under {@code root}, by path relative to it. */
  public static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> digests = new TreeMap<>();
    try (var files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !Files.isSymbolicLink(f)).toList()) {
        digests.put(root.relativize(file).toString(), sha256(Files.readAllBytes(file)));
      }
    }
    return digests;
  }

  public static Entry.RegularFile bytes(String path, Metadata metadata, byte[] bytes) {
    return new Entry.RegularFile(path, metadata, bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  /** Bytes that compress a little (a third of them random), the same for the same seed. */
  public static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    Random random = new Random(seed);
    for (int i = 0; i < size; i++) {
      bytes[i] = i % 3 == 0 ? (byte) random.nextInt() : (byte) (i / 1000);
    }
    return bytes;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
