package dev.imgc.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.block.Tools;
import dev.imgc.fs.compress.Compression;
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
