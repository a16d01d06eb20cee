package dev.imgc.fs.cpio;

import static dev.imgc.fs.StreamTestSupport.file;
import static dev.imgc.fs.StreamTestSupport.meta;
import static dev.imgc.fs.StreamTestSupport.run;
import static dev.imgc.fs.StreamTestSupport.sampleTree;
import static dev.imgc.fs.StreamTestSupport.writeFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpioWriterTest {
  @TempDir Path tmp;

  private Path writeSample() throws IOException {
    return writeFile(tmp.resolve("sample.cpio"), out -> CpioWriter.write(sampleTree(), out));
  }

  @Test
  void gnuCpioListsEveryEntryWithItsTypeModeOwnerAndDevice() throws IOException {
    String listing = run(tmp, writeSample(), "cpio", "-tv", "--numeric-uid-gid", "--quiet");
    assertTrue(listing.contains("drwxr-xr-x   2 0        0               0 Nov 14  2023 bin\n"), listing);
    assertTrue(listing.contains("-rwsr-xr-x   2 0        0              20 Nov 14  2023 bin/tool2\n"), listing);
    assertTrue(listing.contains("lrwxrwxrwx   1 0        0               4 Nov 14  2023 bin/sh -> tool\n"), listing);
    assertTrue(listing.contains("crw-rw-rw-   1 0        0          1,   3 Nov 14  2023 dev/null\n"), listing);
    assertTrue(listing.contains("brw-rw----   1 0        0          8,   0 Nov 14  2023 dev/sda\n"), listing);
    assertTrue(listing.contains("prw-------   1 0        0               0 Nov 14  2023 dev/pipe\n"), listing);
    assertTrue(listing.contains("drwxr-x---   2 1000     1001            0 Nov 14  2023 etc\n"), listing);
    assertTrue(listing.contains("-rw-r--r--   3 0        0              16 Nov 14  2023 etc/motd.third\n"), listing);
    assertEquals(sampleTree().size(), listing.lines().count(), listing);
  }

  @Test
  void gnuCpioExtractsContentsModesSymlinksAndHardLinksSharingAnInode() throws IOException {
    Path archive = writeSample();
    Path root = Files.createDirectory(tmp.resolve("root"));
    run(root, archive, "cpio", "-i", "--make-directories", "--no-absolute-filenames", "--quiet",
        "--nonmatching", "dev/*");

    assertEquals("#!/bin/sh\necho tool\n", Files.readString(root.resolve("bin/tool")));
    assertEquals("hello from imgc\n", Files.readString(root.resolve("etc/motd")));
    assertEquals("", Files.readString(root.resolve("etc/empty")));
    assertEquals("tool", Files.readSymbolicLink(root.resolve("bin/sh")).toString());
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/motd"))));
    assertEquals(04755, (int) Files.getAttribute(root.resolve("bin/tool"), "unix:mode") & 07777);

    Object motdInode = Files.getAttribute(root.resolve("etc/motd"), "unix:ino");
    assertEquals(motdInode, Files.getAttribute(root.resolve("etc/motd.again"), "unix:ino"));
    assertEquals(motdInode, Files.getAttribute(root.resolve("etc/motd.third"), "unix:ino"));
    assertEquals(3, Files.getAttribute(root.resolve("etc/motd"), "unix:nlink"));
    assertEquals(Files.getAttribute(root.resolve("bin/tool"), "unix:ino"),
        Files.getAttribute(root.resolve("bin/tool2"), "unix:ino"));
    assertTrue(Files.isSymbolicLink(root.resolve("bin/sh")));
    assertTrue(Files.isRegularFile(root.resolve("bin/tool"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void hardLinkDataTravelsWithTheLastNameAndEarlierNamesAreEmpty() throws IOException {
    // `cpio -tv` prints each header's own size field: the data is with the last name only.
    String listing = run(tmp, writeSample(), "cpio", "-tv", "--quiet");
    assertTrue(listing.lines().anyMatch(l -> l.matches(".* 3 .* 0 .* etc/motd")), listing);
    assertTrue(listing.lines().anyMatch(l -> l.matches(".* 3 .* 0 .* etc/motd\\.again")), listing);
    assertTrue(listing.lines().anyMatch(l -> l.matches(".* 3 .* 16 .* etc/motd\\.third")), listing);
  }

  @Test
  void sameTreeGivesSameBytesAndEndsOnAFourByteBoundary() throws IOException {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    CpioWriter.write(sampleTree(), first);
    CpioWriter.write(sampleTree(), second);
    assertArrayEquals(first.toByteArray(), second.toByteArray());
    assertEquals(0, first.size() % 4);
  }

  @Test
  void aFileOverFourGibibytesIsRefusedBeforeAnyByteIsWritten() {
    Entry huge = new Entry.RegularFile("var/huge.img", meta(0644), 5L << 30, InputStream::nullInputStream);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CpioLimitException e = assertThrows(CpioLimitException.class,
        () -> CpioWriter.write(List.of(new Entry.Directory("var", meta(0755)), huge), out));
    assertEquals(0, out.size());
    assertTrue(e.getMessage().startsWith("var/huge.img is 5,368,709,120 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("at most 4 GiB - 1 byte"), e.getMessage());
  }

  @Test
  void aFileOfExactlyTheLimitIsAccepted() throws IOException {
    // Checked without streaming 4 GiB: the header is written, then the short content is detected.
    Entry edge = new Entry.RegularFile("edge", meta(0644), CpioWriter.MAX_FIELD, InputStream::nullInputStream);
    IOException e = assertThrows(IOException.class,
        () -> CpioWriter.write(List.of(edge), OutputStream.nullOutputStream()));
    assertTrue(e.getMessage().contains("changed while it was written"), e.getMessage());
  }

  @Test
  void aHardLinkBeforeItsTargetIsRefused() {
    List<Entry> entries = List.of(new Entry.HardLink("b", meta(0644), "a"), file("a", 0644, "data"));
    CpioLimitException e = assertThrows(CpioLimitException.class,
        () -> CpioWriter.write(entries, OutputStream.nullOutputStream()));
    assertEquals("b is a hard link to a, which is not a regular file earlier in the tree", e.getMessage());
  }

  @Test
  void idsAboveTwoToTheThirtyOneAreWrittenAsUnsigned() throws IOException {
    Entry owned = new Entry.Directory("owned", new dev.imgc.fs.Metadata(0755, -2, -3, 0));
    Path archive = writeFile(tmp.resolve("ids.cpio"), out -> CpioWriter.write(List.of(owned), out));
    String listing = run(tmp, archive, "cpio", "-tv", "--numeric-uid-gid", "--quiet");
    assertTrue(listing.contains(" 4294967294 4294967293 "), listing);
  }

  @Test
  void timesCpioCannotStoreAreKeptAsTheNearestItCan() throws IOException {
    Entry early = new Entry.Directory("early", new dev.imgc.fs.Metadata(0755, 0, 0, -86_400));
    Entry late = new Entry.Directory("late", new dev.imgc.fs.Metadata(0755, 0, 0, 1L << 33));
    Path archive = writeFile(tmp.resolve("times.cpio"), out -> CpioWriter.write(List.of(early, late), out));
    String listing = run(tmp, archive, "env", "TZ=UTC", "cpio", "-tv", "--quiet");
    assertTrue(listing.contains(" Jan  1  1970 early\n"), listing);
    assertTrue(listing.contains(" Feb  7  2106 late\n"), listing);
  }

  @Test
  void aHardLinkToNothingEarlierIsRefused() {
    Entry dangling = new Entry.HardLink("b", meta(0644), "a");
    CpioLimitException e = assertThrows(CpioLimitException.class,
        () -> CpioWriter.write(List.of(dangling), OutputStream.nullOutputStream()));
    assertEquals("b is a hard link to a, which is not a regular file earlier in the tree", e.getMessage());
  }
}
