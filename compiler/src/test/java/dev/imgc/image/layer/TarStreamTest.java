package dev.imgc.image.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import dev.imgc.fs.HostXattrs;
import dev.imgc.image.ImageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one tar reader against archives GNU tar wrote, and against hostile ones: truncated, cut or
 * corrupted at random, headers claiming huge sizes, pax records and long names without end, names
 * climbing out of the root, links in loops. Whatever the input, reading ends, in bounded time and
 * memory, in members or in an {@link IOException} or {@link ImageException}, never another exception.
 */
class TarStreamTest {
  private static final Duration PER_INPUT = Duration.ofSeconds(5);
  /** Seeds of the random mutations: fixed, so a failure replays. */
  private static final long SEED = 13;
  private static final int MUTATIONS = 3000;

  @TempDir Path dir;

  /** Members as GNU tar writes them (a pax archive of a tree on disk): names, kinds, contents, links. */
  @Test
  void readsWhatGnuTarWrites() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    String longName = "d/" + "n".repeat(180);
    Files.createDirectories(root.resolve("d"));
    Files.writeString(root.resolve("d/hello"), "hello\n");
    Files.writeString(root.resolve(longName), "long\n");
    Files.createSymbolicLink(root.resolve("d/link"), Path.of("hello"));
    Files.createLink(root.resolve("d/hard"), root.resolve("d/hello"));
    run(dir, "mkfifo", root.resolve("d/pipe").toString());
    Path tar = dir.resolve("tree.tar");
    run(dir, "tar", "--format=posix", "--sort=name", "-cf", tar.toString(), "-C", root.toString(), "d");
    List<String> listed = Arrays.asList(run(dir, "tar", "-tf", tar.toString()).split("\n"));

    Map<String, String> seen = new TreeMap<>();
    try (InputStream in = Files.newInputStream(tar)) {
      TarStream.read(in, (member, content) -> seen.put(member.name(), member.kind() + " " + member.linkName() + " "
          + new String(content.readAllBytes(), StandardCharsets.UTF_8).strip()));
    }
    assertEquals(new TreeMap<>(Map.of(
        "d/", "DIRECTORY  ",
        "d/hard", "FILE  hello", // the first name of the file in GNU tar's order: the others link to it
        "d/hello", "HARD_LINK d/hard ",
        "d/link", "SYMLINK hello ",
        "d/pipe", "FIFO  ",
        longName, "FILE  long")), seen);
    assertEquals(listed.stream().sorted().toList(), List.copyOf(seen.keySet()));
  }

  /**
   * Extended attributes whose values are not text (a NUL, bytes that are not UTF-8, a capability, a
   * label ending in a NUL), GNU tar's escaped names and empty values come out as the files held them,
   * byte for byte, from GNU tar's SCHILY.xattr records and from bsdtar's, which writes each attribute
   * twice: LIBARCHIVE.xattr (base64) and SCHILY.xattr with the name URL-encoded.
   */
  @Test
  void xattrValuesAreTheBytesGnuTarAndBsdtarArchived() throws Exception {
    Path root = dir.resolve("xattrs");
    HostXattrs.sampleTree(root);
    Map<String, String> expected = HostXattrs.tree(root);
    assertEquals("00ff80fe0a3d78", expected.get("data/blob user.bin"), "the host keeps the bytes set");
    if (HostXattrs.asRoot()) {
      assertEquals(HostXattrs.CAP_NET_BIND_SERVICE, expected.get("usr/bin/server security.capability"), "setcap's bytes");
    }
    Path gnu = dir.resolve("gnu.tar");
    Path bsd = dir.resolve("bsd.tar");
    run(dir, "tar", "--xattrs", "--xattrs-include=*", "--format=posix", "-cf", gnu.toString(), "-C", root.toString(), ".");
    run(dir, "bsdtar", "--format=pax", "-cf", bsd.toString(), "-C", root.toString(), ".");
    for (Path tar : List.of(gnu, bsd)) {
      Map<String, String> read = new TreeMap<>();
      try (InputStream in = Files.newInputStream(tar)) {
        TarStream.read(in, (member, content) -> member.xattrs().forEach((name, value) ->
            read.put(member.path().orElseThrow().path() + " " + name, value.hex())));
      }
      assertEquals(expected, read, tar.getFileName().toString());
    }
  }

  /** Global records give every member after them their attributes; a member's own record wins. */
  @Test
  void globalXattrsReachEveryLaterMember() throws Exception {
    byte[] tar = tar(file("before", "x"), pax('g', "SCHILY.xattr.user.g", "global"), file("a", "x"),
        pax('x', "SCHILY.xattr.user.g", "own"), file("b", "x"));
    Map<String, String> seen = new TreeMap<>();
    TarStream.read(new ByteArrayInputStream(tar), (member, content) -> seen.put(member.name(), member.xattrs().toString()));
    assertEquals(Map.of("before", "{}", "a", "{user.g=0x676c6f62616c}", "b", "{user.g=0x6f776e}"), seen);
  }

  /**
   * SCHILY names as both tools spell them: GNU tar writes a name's own {@code %} and {@code =} as
   * {@code %25} and {@code %3D}; bsdtar (its {@code xattrheader=SCHILY} option) URL-encodes every byte
   * that is not printable ASCII. inspect reads them the same way (PaxHeadersTest).
   */
  @Test
  void schilyNamesAreDecodedAsGnuTarAndBsdtarEncodeThem() throws Exception {
    byte[] tar = tar(pax('x', "SCHILY.xattr.user.a%25b%3Dc", "gnu"), file("gnu", "x"),
        pax('x', "SCHILY.xattr.user.%C3%A9t%C3%A9", "bsd"), file("bsd", "x"));
    Map<String, String> seen = new TreeMap<>();
    TarStream.read(new ByteArrayInputStream(tar), (member, content) -> seen.put(member.name(),
        String.join(",", member.xattrs().keySet())));
    assertEquals(Map.of("gnu", "user.a%b=c", "bsd", "user.\u00e9t\u00e9"), seen);
  }

  @Test
  void aLibarchiveValueThatIsNotBase64IsRefused() {
    byte[] tar = tar(pax('x', "LIBARCHIVE.xattr.user.a", "not base64!"), file("f", "x"));
    IOException refused = assertThrows(IOException.class, () -> entries(tar));
    assertTrue(refused.getMessage().contains("not base64"), refused.getMessage());
  }

  @Test
  void namesOutsideTheRootAreNeverPlaced() throws Exception {
    byte[] tar = tar(file("../../etc/passwd", "x"), file("a/../../b", "x"), file("a/../b", "x"), file("/etc//hosts", "x"));
    List<String> placed = new ArrayList<>();
    TarStream.read(new ByteArrayInputStream(tar), (member, content) -> placed.add(member.name() + " -> "
        + member.path().map(p -> p.path() + (p.changed() ? " (moved)" : "")).orElse("nowhere")));
    assertEquals(List.of("../../etc/passwd -> nowhere", "a/../../b -> nowhere", "a/../b -> b (moved)", "/etc//hosts -> etc/hosts"), placed);
    ImageException refused = assertThrows(ImageException.class, () -> entries(tar));
    assertTrue(refused.getMessage().contains("'../../etc/passwd', which points outside the image's root"), refused.getMessage());
  }

  @Test
  void namesWithANulByteAreNeverPlaced() throws Exception {
    byte[] tar = tar(file("etc/passwd", "root"), pax('x', "path", "etc/passwd\0x"), file("etc/other", "evil"));
    List<String> placed = new ArrayList<>();
    TarStream.read(new ByteArrayInputStream(tar), (member, content) -> placed.add(member.path().map(MemberPath::path).orElse("nowhere")));
    assertEquals(List.of("etc/passwd", "nowhere"), placed);
    ImageException refused = assertThrows(ImageException.class, () -> entries(tar));
    assertTrue(refused.getMessage().contains("'etc/passwd\\0x', a name with a NUL byte, which no file system can hold; fix the archive"),
        refused.getMessage());
  }

  /** A reader lists links; it never follows them, so links in loops read like any other. */
  @Test
  void linksInLoopsAreReadAsMembers() throws Exception {
    byte[] tar = tar(link("a", "b", '2'), link("b", "a", '2'), link("self", "self", '2'), file("f", "x"), link("h", "h", '1'));
    List<Entry> entries = assertTimeoutPreemptively(PER_INPUT, () -> entries(tar));
    assertEquals(List.of("a", "b", "self", "f", "h"), entries.stream().map(Entry::path).toList());
  }

  @Test
  void aSizeBeyondTheArchiveIsATruncatedArchive() {
    byte[] tar = concat(header("big", '0', 8L << 30), "only this".getBytes(StandardCharsets.UTF_8), new byte[503]);
    assertThrows(IOException.class, () -> entries(tar));
  }

  /** Pax records, GNU long names and global records without end: read no further than the budget allows. */
  @Test
  void headersWithoutEndCostBoundedMemory() {
    for (char type : new char[] {'x', 'g', 'L', 'K'}) {
      long size = 1L << 33;
      byte[] start = concat(header("././@bomb", type, size), ("999999999 path=").getBytes(StandardCharsets.US_ASCII));
      Endless endless = new Endless(start, (byte) 'a');
      IOException refused = assertThrows(IOException.class, () -> assertTimeoutPreemptively(PER_INPUT,
          () -> TarStream.read(endless, (member, content) -> {})), "type " + type);
      assertTrue(refused.getMessage().contains("headers of a tar member"), type + ": " + refused.getMessage());
      assertTrue(endless.served < 2L * TarStream.MAX_HEADER_BYTES, type + ": read " + endless.served + " bytes");
    }
  }

  /** A GNU sparse file (pax format 1.0) whose map, at the start of its data, claims entries without end. */
  @Test
  void aSparseMapWithoutEndCostsBoundedMemory() {
    // one pax header holding the records, as GNU tar writes it
    String records = record("GNU.sparse.major", "1") + record("GNU.sparse.minor", "0") + record("GNU.sparse.name", "big")
        + record("GNU.sparse.realsize", "1073741824");
    byte[] header = concat(header("././@PaxHeader", 'x', records.length()), padded(records.getBytes(StandardCharsets.UTF_8)),
        header("GNUSparseFile.0/big", '0', 1L << 36), "999999999\n".getBytes(StandardCharsets.US_ASCII));
    Endless endless = new Endless(header, (byte) '0');
    IOException refused = assertThrows(IOException.class, () -> assertTimeoutPreemptively(PER_INPUT,
        () -> TarStream.read(endless, (member, content) -> {})));
    assertTrue(refused.getMessage().contains("headers of a tar member"), refused.getMessage());
    assertTrue(endless.served < 2L * TarStream.MAX_HEADER_BYTES, "read " + endless.served + " bytes");
  }

  /** Global records each within the budget, but adding up past it, between members. */
  @Test
  void globalRecordsAddingUpPastTheBudgetAreRefused() {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    for (int i = 0; i < 8; i++) {
      tar.writeBytes(pax('g', "key" + i, "v".repeat(TarStream.MAX_HEADER_BYTES / 4)));
      tar.writeBytes(file("f" + i, "x"));
    }
    tar.writeBytes(new byte[1024]);
    IOException refused = assertThrows(IOException.class, () -> TarStream.read(new ByteArrayInputStream(tar.toByteArray()), (m, c) -> {}));
    assertTrue(refused.getMessage().contains("headers of a tar member"), refused.getMessage());
  }

  /**
   * Random corruption of a valid archive: bytes flipped (mostly in headers), cut at random places,
   * blocks repeated or dropped. Each input ends in entries or in an IOException/ImageException.
   */
  @Test
  void mutatedArchivesEndInEntriesOrAnError() {
    byte[] valid = tar(file("etc/hostname", "imgc\n"), pax('x', "path", "usr/" + "p".repeat(200)), file("ignored", "long path"),
        link("bin/sh", "busybox", '2'), link("bin/ash", "bin/sh", '1'), header("dev/null", '3', 0), header("dir/", '5', 0),
        pax('x', "SCHILY.xattr.security.capability", "\u0001\u0002"), file("bin/ping", "ping"),
        pax('x', "LIBARCHIVE.xattr.user.a%3D", "AP+A/g"), file("bin/a", "a"), pax('g', "SCHILY.xattr.user.g", "g"),
        file("bin/g", "g"));
    Random random = new Random(SEED);
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] input = mutate(valid, random);
      int index = i;
      Throwable thrown = assertTimeoutPreemptively(PER_INPUT, () -> {
        try {
          entries(input);
          return null;
        } catch (IOException | ImageException expected) {
          return null;
        } catch (RuntimeException bug) {
          return bug;
        }
      });
      if (thrown != null) {
        throw new AssertionError("mutation " + index + " of seed " + SEED + " threw " + thrown, thrown);
      }
    }
  }

  private static byte[] mutate(byte[] valid, Random random) {
    byte[] input = valid.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
          int block = random.nextInt(input.length / 512);
          int at = block * 512 + (random.nextBoolean() ? random.nextInt(512) : random.nextInt(160));
          input[at] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : (byte) "0123456789 \0/.x"
              .charAt(random.nextInt(15));
        }
      }
      case 1 -> input = Arrays.copyOf(input, random.nextInt(input.length));
      case 2 -> {
        int block = random.nextInt(input.length / 512) * 512;
        input = concat(Arrays.copyOf(input, block + 512), Arrays.copyOfRange(input, block, input.length));
      }
      default -> {
        int block = random.nextInt(input.length / 512) * 512;
        input = concat(Arrays.copyOf(input, block), Arrays.copyOfRange(input, block + 512, input.length));
      }
    }
    return input;
  }

  private static List<Entry> entries(byte[] tar) throws IOException {
    List<Entry> entries = new ArrayList<>();
    TarEntryReader.read(new ByteArrayInputStream(tar), "the test archive", java.util.function.LongUnaryOperator.identity(), entry -> {
      if (entry instanceof Entry.RegularFile file) {
        try (InputStream content = file.content().open()) {
          content.transferTo(OutputStreamSink.INSTANCE);
        }
      }
      entries.add(entry);
    });
    return entries;
  }

  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  /** A tar's header block, written by hand so tests can claim what no writer would. */
  private static byte[] header(String name, char type, long size) {
    byte[] block = new byte[512];
    put(block, 0, name);
    put(block, 100, "0000644");
    put(block, 108, "0000000");
    put(block, 116, "0000000");
    put(block, 124, String.format("%011o", size));
    put(block, 136, String.format("%011o", 1_700_000_000L));
    block[156] = (byte) type;
    put(block, 257, "ustar");
    put(block, 263, "00");
    Arrays.fill(block, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : block) {
      sum += b & 0xff;
    }
    put(block, 148, String.format("%06o", sum));
    block[154] = 0;
    return block;
  }

  private static void put(byte[] block, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, block, offset, bytes.length);
  }

  private static byte[] file(String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return concat(header(name, '0', bytes.length), padded(bytes));
  }

  private static byte[] link(String name, String target, char type) {
    byte[] block = header(name, type, 0);
    put(block, 157, target);
    Arrays.fill(block, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : block) {
      sum += b & 0xff;
    }
    Arrays.fill(block, 148, 156, (byte) 0);
    put(block, 148, String.format("%06o", sum));
    return block;
  }

  /** A pax header of one record, {@code x} for the next member, {@code g} for all that follow. */
  private static byte[] pax(char type, String key, String value) {
    byte[] record = record(key, value).getBytes(StandardCharsets.UTF_8);
    return concat(header("././@PaxHeader", type, record.length), padded(record));
  }

  /** One pax record, {@code LENGTH key=value\n}, its length counting its own digits (ASCII keys and values). */
  private static String record(String key, String value) {
    String body = " " + key + "=" + value + "\n";
    int length = body.length();
    while (Integer.toString(length).length() + body.length() != length) {
      length = Integer.toString(length).length() + body.length();
    }
    return length + body;
  }

  private static byte[] padded(byte[] bytes) {
    return Arrays.copyOf(bytes, (bytes.length + 511) / 512 * 512);
  }

  private static byte[] tar(byte[]... members) {
    return concat(concat(members), new byte[1024]);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** {@code start}, then {@code filler} lines for ever; counts what was read. */
  private static final class Endless extends InputStream {
    private final byte[] start;
    private final byte filler;
    long served;

    Endless(byte[] start, byte filler) {
      this.start = start;
      this.filler = filler;
    }

    @Override
    public int read() {
      if (served < start.length) {
        return start[(int) served++] & 0xff;
      }
      return ++served % 2 == 0 ? '\n' : filler;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      for (int i = 0; i < length; i++) {
        buffer[offset + i] = (byte) read();
      }
      return length;
    }
  }

  private static String run(Path dir, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command) + ": " + output);
    return output;
  }
}
