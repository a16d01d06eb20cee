package dev.imgc.fs.tar;

import static dev.imgc.fs.StreamTestSupport.file;
import static dev.imgc.fs.StreamTestSupport.run;
import static dev.imgc.fs.StreamTestSupport.sampleTree;
import static dev.imgc.fs.StreamTestSupport.writeFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import dev.imgc.fs.HostXattrs;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.Xattr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarWriterTest {
  private static final String LONG_DIR = "usr/" + "deep-directory-name/".repeat(9);
  @TempDir Path tmp;

  /** The sample tree plus entries that need pax records: long names and targets, a big uid. */
  private static List<Entry> tree() {
    List<Entry> entries = new ArrayList<>(sampleTree());
    entries.add(new Entry.Directory("usr", new Metadata(0755, 0, 0, 0)));
    entries.add(file(LONG_DIR + "file", 0644, "deep"));
    entries.add(new Entry.Symlink("usr/far", new Metadata(0777, 0, 0, 0), "/" + LONG_DIR + "file"));
    entries.add(new Entry.RegularFile("usr/owned", new Metadata(0640, 3_000_000, 7, 1_700_000_000L), 0,
        java.io.InputStream::nullInputStream));
    return entries;
  }

  private Path writeTar() throws IOException {
    return writeFile(tmp.resolve("tree.tar"), out -> TarWriter.write(tree(), out));
  }

  @Test
  void gnuTarListsEveryEntryWithItsTypeModeOwnerAndLink() throws IOException {
    String listing = run(tmp, "tar", "-tvf", writeTar().toString(), "--numeric-owner", "--utc");
    assertTrue(listing.contains("-rwsr-xr-x 0/0              20 2023-11-14 22:13 bin/tool\n"), listing);
    assertTrue(listing.contains("hrwsr-xr-x 0/0               0 2023-11-14 22:13 bin/tool2 link to bin/tool\n"), listing);
    assertTrue(listing.contains("lrwxrwxrwx 0/0               0 2023-11-14 22:13 bin/sh -> tool\n"), listing);
    assertTrue(listing.contains("crw-rw-rw- 0/0             1,3 2023-11-14 22:13 dev/null\n"), listing);
    assertTrue(listing.contains("brw-rw---- 0/0             8,0 2023-11-14 22:13 dev/sda\n"), listing);
    assertTrue(listing.contains("prw------- 0/0               0 2023-11-14 22:13 dev/pipe\n"), listing);
    assertTrue(listing.contains("drwxr-x--- 1000/1001         0 2023-11-14 22:13 etc/\n"), listing);
    assertTrue(listing.contains(" " + LONG_DIR + "file\n"), listing);
    assertTrue(listing.contains("usr/far -> /" + LONG_DIR + "file\n"), listing);
    assertTrue(listing.contains("-rw-r----- 3000000/7         0 2023-11-14 22:13 usr/owned\n"), listing);
    assertEquals(tree().size(), listing.lines().count(), listing);
  }

  /**
   * Extended attributes go in SCHILY.xattr records holding the values' bytes: GNU tar extracts them
   * onto files (read back through the kernel) and Python's tarfile reads them, byte for byte, a name
   * with '=' and '%' (escaped as GNU tar escapes it) and an empty value too.
   */
  @Test
  void xattrsAreExtractedByteForByte() throws IOException {
    List<Xattr> xattrs = new ArrayList<>(List.of(new Xattr("user.bin", new byte[] {0, (byte) 0xff, (byte) 0x80, '\n', '='}),
        new Xattr("user.a=b%c", new byte[] {'v'}), new Xattr("user.empty", new byte[0])));
    if (HostXattrs.asRoot()) {
      xattrs.add(new Xattr("security.capability", HexFormat.of().parseHex(HostXattrs.CAP_NET_BIND_SERVICE)));
    }
    Metadata tagged = new Metadata(0644, 0, 0, 1_700_000_000L, xattrs);
    Path tar = writeFile(tmp.resolve("xattrs.tar"), out -> TarWriter.write(List.of(
        new Entry.Directory("d", new Metadata(0755, 0, 0, 0, List.of(new Xattr("user.dir", new byte[] {1})))),
        new Entry.RegularFile("d/f", tagged, 2, () -> new java.io.ByteArrayInputStream(new byte[] {'h', 'i'}))), out));
    Map<String, String> expected = new TreeMap<>(Map.of("d user.dir", "01"));
    xattrs.forEach(x -> expected.put("d/f " + x.name(), HexFormat.of().formatHex(x.value())));

    Path root = Files.createDirectory(tmp.resolve("extracted"));
    run(root, "tar", "--xattrs", "--xattrs-include=*", "-xf", tar.toString());
    assertEquals(expected, HostXattrs.tree(root));
    String python = run(tmp, "python3", "-c", """
        import sys, tarfile
        for m in tarfile.open(sys.argv[1]):
            for k, v in sorted(m.pax_headers.items()):
                if k.startswith('SCHILY.xattr.'):
                    print(m.name, k[13:], v.encode('utf-8', 'surrogateescape').hex())
        """, tar.toString());
    Map<String, String> read = new TreeMap<>();
    python.lines().forEach(line -> read.put(line.substring(0, line.lastIndexOf(' ')), line.substring(line.lastIndexOf(' ') + 1)));
    expected.remove("d/f user.a=b%c");
    expected.put("d/f user.a%3Db%25c", "76"); // tarfile gives the keyword as it is
    assertEquals(expected, read);
  }

  @Test
  void gnuTarExtractsContentsModesLinksAndLongNames() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("root"));
    run(root, "tar", "-xf", writeTar().toString(), "--exclude=dev/*");
    assertEquals("hello from imgc\n", Files.readString(root.resolve("etc/motd")));
    assertEquals("deep", Files.readString(root.resolve(LONG_DIR + "file")));
    assertEquals("tool", Files.readSymbolicLink(root.resolve("bin/sh")).toString());
    assertEquals(04755, (int) Files.getAttribute(root.resolve("bin/tool"), "unix:mode") & 07777);
    assertEquals(Files.getAttribute(root.resolve("etc/motd"), "unix:ino"),
        Files.getAttribute(root.resolve("etc/motd.third"), "unix:ino"));
  }

  @Test
  void paxRecordsAreWrittenOnlyWhereUstarCannotHoldTheValue() throws IOException {
    // Python's tarfile reports each member's pax records: an independent reader of the format.
    // The 188-byte deep path needs none: it splits into ustar's prefix and name fields.
    String script = "import tarfile,sys\n"
        + "for m in tarfile.open(sys.argv[1]):\n"
        + "  if m.pax_headers: print(m.name, sorted(m.pax_headers))\n";
    String pax = run(tmp, "python3", "-c", script, writeTar().toString());
    assertEquals("etc/" + "a-rather-long-name-".repeat(8) + "end ['path']\n"
        + "usr/far ['linkpath']\n"
        + "usr/owned ['uid']\n", pax);
  }

  @Test
  void sameTreeGivesSameBytesInWholeRecords() throws IOException {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    TarWriter.write(tree(), first);
    TarWriter.write(tree(), second);
    assertArrayEquals(first.toByteArray(), second.toByteArray());
    assertEquals(0, first.size() % 10240);
  }
}
