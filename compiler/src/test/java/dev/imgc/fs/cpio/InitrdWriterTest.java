package dev.imgc.fs.cpio;

import static dev.imgc.fs.StreamTestSupport.file;
import static dev.imgc.fs.StreamTestSupport.meta;
import static dev.imgc.fs.StreamTestSupport.run;
import static dev.imgc.fs.StreamTestSupport.sampleTree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Content;
import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.compress.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitrdWriterTest {
  @TempDir Path tmp;

  private static byte[] cpio(List<Entry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CpioWriter.write(entries, out);
    return out.toByteArray();
  }

  @Test
  void theMicrocodeArchiveComesFirstUncompressedThenTheCompressedTree() throws IOException {
    byte[] microcode = cpio(List.of(new Entry.Directory("kernel", meta(0755)),
        file("kernel/GenuineIntel.bin", 0644, "microcode")));
    byte[] odd = {1, 2, 3, 4, 5};
    Path initrd = tmp.resolve("initrd.img");
    InitrdWriter.write(List.of(() -> new ByteArrayInputStream(microcode), () -> new ByteArrayInputStream(odd)),
        sampleTree(), Compression.ZSTD, Files.newOutputStream(initrd));

    byte[] bytes = Files.readAllBytes(initrd);
    assertArrayEquals(microcode, Arrays.copyOf(bytes, microcode.length));
    int afterOdd = microcode.length + odd.length;
    assertArrayEquals(odd, Arrays.copyOfRange(bytes, microcode.length, afterOdd));
    assertArrayEquals(new byte[3], Arrays.copyOfRange(bytes, afterOdd, afterOdd + 3));
    // GNU cpio reads the first archive and stops at its trailer, as the microcode loader does.
    assertEquals("kernel\nkernel/GenuineIntel.bin\n", run(tmp, initrd, "cpio", "-t", "--quiet"));
    Path rest = Files.write(tmp.resolve("rest.zst"), Arrays.copyOfRange(bytes, afterOdd + 3, bytes.length));
    run(tmp, rest, "sh", "-c", "zstd -dc > tree.cpio");
    assertArrayEquals(cpio(sampleTree()), Files.readAllBytes(tmp.resolve("tree.cpio")));
  }

  @Test
  void aTreeInSegmentsIsGzipMembersEachACompleteArchiveTogetherListingTheTree() throws IOException {
    // runs as short as the tree allows: one entry each, but a file's names together
    InitrdSegments.Sizes shortest = new InitrdSegments.Sizes(0, 1, 1);
    Path initrd = tmp.resolve("initrd.img");
    InitrdWriter.write(List.of(), sampleTree(), shortest, entry -> false,
        (segment, out) -> InitrdWriter.writeSegment(segment, Compression.GZIP, out), Files.newOutputStream(initrd));

    run(tmp, "gzip", "-t", initrd.toString()); // gzip takes concatenated members as one file
    // GNU cpio stops at the first TRAILER!!!, so `zcat | cpio -t` would list the first archive only: each on its own
    List<Path> members = StreamTestSupport.gzipMembers(initrd, tmp);
    assertEquals(11, members.size(), "14 entries, of which bin/tool has two names and etc/motd three");
    StringBuilder listed = new StringBuilder();
    for (Path member : members) {
      String archive = run(tmp, member, "cpio", "-t", "--quiet");
      assertTrue(!archive.contains("motd") || archive.contains("motd.third"), "etc/motd's names in one archive: " + archive);
      listed.append(archive);
    }
    assertEquals(sampleTree().stream().map(e -> e.path() + "\n").reduce("", String::concat), listed.toString());
  }

  @Test
  void aTreeOverTheLimitWritesNotEvenTheMicrocode() {
    Entry huge = new Entry.RegularFile("huge", meta(0644), 1L << 32, InputStream::nullInputStream);
    Content microcode = () -> new ByteArrayInputStream(new byte[] {7, 7, 7, 7});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThrows(CpioLimitException.class,
        () -> InitrdWriter.write(List.of(microcode), List.of(huge), Compression.GZIP, out));
    assertEquals(0, out.size());
  }

  /** Discards bytes and remembers whether it was closed. */
  private static final class ClosingProbe extends OutputStream {
    boolean closed;

    @Override
    public void write(int b) {}

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void theOutputIsClosedWhenDoneAndWhenRefused() throws IOException {
    ClosingProbe done = new ClosingProbe();
    InitrdWriter.write(List.of(), sampleTree(), Compression.NONE, done);
    assertTrue(done.closed);

    ClosingProbe refused = new ClosingProbe();
    Entry huge = new Entry.RegularFile("huge", meta(0644), 1L << 32, InputStream::nullInputStream);
    assertThrows(CpioLimitException.class, () -> InitrdWriter.write(List.of(), List.of(huge), Compression.GZIP, refused));
    assertTrue(refused.closed);
  }
}
