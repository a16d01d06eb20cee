package dev.imgc.inspect;

import static dev.imgc.inspect.TreeOracle.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.cli.ImgcRun;
import dev.imgc.fs.HostXattrs;
import dev.imgc.fs.block.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pax archives written by bsdtar, GNU tar and by hand list the extended attributes and times their
 * writers meant: both of libarchive's spellings of an attribute, and global headers, which hold for
 * every member after them until a member's own header or a later global header says otherwise. The
 * oracles are the kernel (the attributes the files have, {@link HostXattrs}), GNU tar's own listing
 * (times) and Python's {@code tarfile} (global and own records merged).
 */
class PaxHeadersTest {
  /** GNU tar's verbose line: the time, to the second and maybe beyond, then the name. */
  private static final Pattern GNU_TAR_LINE = Pattern.compile(".* (\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d)(?:\\.\\d+)?\\s+(.+)");
  /** Every attribute of every member as Python's tarfile reads the records (global ones merged), decoded by Python's own. */
  private static final String PYTHON_XATTRS = """
      import base64, sys, tarfile, urllib.parse
      for member in tarfile.open(sys.argv[1]):
          for key, value in sorted(member.pax_headers.items()):
              for prefix in ('SCHILY.xattr.', 'LIBARCHIVE.xattr.'):
                  if key.startswith(prefix):
                      raw = value.encode('utf-8', 'surrogateescape')
                      if prefix[0] == 'L':
                          raw = base64.b64decode(raw + b'=' * (-len(raw) % 4))
                      name = urllib.parse.unquote_to_bytes(key[len(prefix):]).decode('utf-8')
                      print(member.name.removeprefix('./'), name, raw.hex())
      """;

  @TempDir static Path work;
  private static Path tree;

  @BeforeAll
  static void filesWithAttributes() throws Exception {
    tree = work.resolve("tree");
    Path blob = Files.createDirectories(tree.resolve("data")).resolve("blob");
    Path odd = tree.resolve("data/odd");
    Files.writeString(blob, "blob\n");
    Files.writeString(odd, "odd\n");
    HostXattrs.set(blob, "user.bin", "00ff800a3d25"); // NUL, bytes that are not UTF-8, a newline, '=', '%'
    HostXattrs.set(blob, "user.text", HexFormat.of().formatHex("hi there".getBytes(StandardCharsets.UTF_8)));
    HostXattrs.set(blob, "user.empty", "");
    HostXattrs.set(odd, "user.a=b%c", "76"); // a name GNU tar escapes
    HostXattrs.set(odd, "user.\u00e9t\u00e9", "02"); // one libarchive escapes
    sh(tree, "touch -d @1000000 data/blob data/odd data");
  }

  @Test
  void bsdtarAndGnuTarAttributesListAsTheFilesHaveThem() throws Exception {
    Map<String, String> onDisk = HostXattrs.tree(tree);
    assertEquals(5, onDisk.size(), onDisk::toString);
    Map<String, List<String>> spellings = Map.of(
        "bsdtar --xattrs --format=pax -cf {archive} data", List.of("LIBARCHIVE.xattr.", "SCHILY.xattr."),
        "bsdtar --xattrs --format=pax --options xattrheader=LIBARCHIVE -cf {archive} data", List.of("LIBARCHIVE.xattr."),
        "bsdtar --xattrs --format=pax --options xattrheader=SCHILY -cf {archive} data", List.of("SCHILY.xattr."),
        "tar --xattrs --xattrs-include='*' --format=pax -cf {archive} data", List.of("SCHILY.xattr."));
    int made = 0;
    for (Map.Entry<String, List<String>> writer : spellings.entrySet()) {
      Path archive = work.resolve("spelling-" + made++ + ".tar");
      sh(tree, writer.getKey().replace("{archive}", archive.toString()));
      String bytes = Files.readString(archive, StandardCharsets.ISO_8859_1);
      for (String spelling : List.of("LIBARCHIVE.xattr.", "SCHILY.xattr.")) {
        assertEquals(writer.getValue().contains(spelling), bytes.contains(spelling), writer.getKey() + " writes " + spelling);
      }
      assertEquals(onDisk, listedXattrs(archive), writer.getKey());
    }
  }

  @Test
  void imgcDiffFindsTwoToolsArchivesOfOneTreeTheSameAndAChangedAttributeNot() throws Exception {
    Path bsdtar = work.resolve("diff-bsdtar.tar");
    Path gnuTar = work.resolve("diff-gnu.tar");
    sh(tree, "bsdtar --xattrs --format=pax --options xattrheader=LIBARCHIVE -cf " + bsdtar + " data");
    sh(tree, "tar --xattrs --xattrs-include='*' --format=pax -cf " + gnuTar + " data");
    ImgcRun same = ImgcRun.imgc("diff", bsdtar.toString(), gnuTar.toString());
    assertEquals(0, same.status(), same.out() + same.err());

    Path changed = Files.createDirectories(work.resolve("changed"));
    sh(changed, "cp -a --preserve=all " + tree.resolve("data") + " .");
    HostXattrs.set(changed.resolve("data/odd"), "user.\u00e9t\u00e9", "03");
    Path gnuChanged = work.resolve("diff-changed.tar");
    sh(changed, "tar --xattrs --xattrs-include='*' --format=pax -cf " + gnuChanged + " data");
    ImgcRun differs = ImgcRun.imgc("diff", bsdtar.toString(), gnuChanged.toString());
    assertEquals(1, differs.status(), differs.out() + differs.err());
    assertTrue(differs.out().contains("data/odd: xattrs"), differs.out());
  }

  /**
   * GNU tar's {@code --pax-option mtime=0} writes a global header dating every member 0; a member
   * whose time has a fraction of a second gets its own header with its time, which holds for it.
   */
  @Test
  void gnuTarsGlobalTimeHoldsForMembersWithoutTheirOwn() throws Exception {
    Path times = Files.createDirectories(work.resolve("times"));
    Files.writeString(times.resolve("fraction"), "a time with a fraction\n");
    Files.writeString(times.resolve("whole"), "a time in whole seconds\n");
    sh(times, "touch -d @2000000.5 fraction && touch -d @1000000 whole");
    Path archive = work.resolve("global-mtime.tar");
    // the member with its own header first, right after the global one
    sh(times, "tar --format=pax --pax-option='globexthdr.name=GlobalHead.%n,mtime=0' -cf " + archive + " fraction whole");
    assertEquals('g', Files.readAllBytes(archive)[156], "the archive starts with a global header");
    Map<String, Long> gnuTar = gnuTarTimes(archive);
    assertEquals(Map.of("fraction", 2_000_000L, "whole", 0L), gnuTar);
    assertEquals(gnuTar, listedTimes(archive));
  }

  /**
   * Global headers by hand: one before any member, one later changing the time and adding an
   * attribute (libarchive's spelling), one withdrawing the time (an empty value: the ustar header's
   * holds again); the first member's own header overrides the time and an attribute.
   */
  @Test
  void laterGlobalHeadersAndMembersOwnHeadersOverrideEarlierOnes() throws Exception {
    byte[] binary = HexFormat.of().parseHex("00ff47");
    byte[] tar = new RawTar()
        .pax('g', concat(RawTar.record("mtime", "100"), RawTar.record("SCHILY.xattr.user.g", binary)))
        .pax('x', concat(RawTar.record("mtime", "5"), RawTar.record("SCHILY.xattr.user.own", "x"),
            RawTar.record("SCHILY.xattr.user.g", "mine")))
        .file("first", 7)
        .file("second", 7)
        .pax('g', concat(RawTar.record("mtime", "200"), RawTar.record("LIBARCHIVE.xattr.user.h", "SA")))
        .file("third", 7)
        .pax('g', RawTar.record("mtime", ""))
        .file("fourth", 7)
        .bytes();
    Path archive = Files.write(work.resolve("by-hand.tar"), tar);
    Map<String, Long> gnuTar = gnuTarTimes(archive);
    assertEquals(Map.of("first", 5L, "second", 100L, "third", 200L, "fourth", 7L), gnuTar);
    assertEquals(gnuTar, listedTimes(archive));

    Map<String, String> python = new TreeMap<>();
    for (String line : Tools.check("python3", "-c", PYTHON_XATTRS, archive.toString()).lines().toList()) {
      String[] fields = line.split(" ", 3);
      python.put(fields[0] + " " + fields[1], fields[2]);
    }
    assertEquals(Map.of("first user.g", "6d696e65", "first user.own", "78", "second user.g", "00ff47",
        "third user.g", "00ff47", "third user.h", "48", "fourth user.g", "00ff47", "fourth user.h", "48"), python);
    assertEquals(python, listedXattrs(archive));
  }

  /** "path name" to the value's hex, for every attribute of every entry the listing has. */
  private static Map<String, String> listedXattrs(Path archive) throws InspectException {
    Map<String, String> found = new TreeMap<>();
    for (ListedEntry entry : entries(archive)) {
      entry.xattrs().forEach((name, hex) -> found.put(entry.path() + " " + name, hex));
    }
    return found;
  }

  private static Map<String, Long> listedTimes(Path archive) throws InspectException {
    Map<String, Long> found = new TreeMap<>();
    for (ListedEntry entry : entries(archive)) {
      found.put(entry.path(), entry.mtime());
    }
    return found;
  }

  private static List<ListedEntry> entries(Path archive) throws InspectException {
    List<Part> parts = Inspector.inspect(archive).parts();
    assertEquals(List.of("tar"), parts.stream().map(Part::title).toList());
    return parts.get(0).entries();
  }

  /** Each member's time as GNU tar lists it, in whole seconds (it warns of an empty global time, and goes on). */
  private static Map<String, Long> gnuTarTimes(Path archive) throws Exception {
    Map<String, Long> times = new TreeMap<>();
    for (String line : Tools.check("sh", "-c", "TZ=UTC tar --full-time -tvf '" + archive + "' 2>/dev/null; true").lines().toList()) {
      Matcher matched = GNU_TAR_LINE.matcher(line);
      assertTrue(matched.matches(), line);
      times.put(matched.group(3), LocalDateTime.parse(matched.group(1) + "T" + matched.group(2)).toEpochSecond(ZoneOffset.UTC));
    }
    assertNotEquals(Map.of(), times, "GNU tar lists " + archive);
    return times;
  }

  private static byte[] concat(byte[]... records) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] record : records) {
      out.writeBytes(record);
    }
    return out.toByteArray();
  }
}
