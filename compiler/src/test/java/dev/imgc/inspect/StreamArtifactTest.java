package dev.imgc.inspect;

import static dev.imgc.inspect.TreeOracle.assertPart;
import static dev.imgc.inspect.TreeOracle.expected;
import static dev.imgc.inspect.TreeOracle.listing;
import static dev.imgc.inspect.TreeOracle.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** cpio and tar archives made by GNU cpio, GNU tar, gzip, zstd and xz list exactly the tree they were made from. */
class StreamArtifactTest {
  @TempDir static Path work;
  static Path tree;

  @BeforeAll
  static void packTree() throws Exception {
    tree = TreeOracle.sampleTree(work.resolve("tree"));
    sh(tree, "find . | LC_ALL=C sort | cpio --quiet -o -H newc > ../tree.cpio");
  }

  @ParameterizedTest
  @CsvSource({"cat,cpio", "gzip -9 -c,cpio (gzip)", "zstd -q -c,cpio (zstd)", "xz -c --check=crc32,cpio (xz)"})
  void cpioListsTheTreeItWasMadeFrom(String compressor, String title) throws Exception {
    Path archive = work.resolve(title.replaceAll("\\W", "") + ".img");
    sh(work, compressor + " < tree.cpio > " + archive);
    String listing = listing(archive);
    assertPart(listing, title, expected(tree, true));
    assertEquals(1, listing.lines().filter(l -> l.startsWith("# ")).count(), listing);
  }

  @Test
  void initrdWithAnUncompressedMicrocodeArchiveListsBothParts() throws Exception {
    Path ucode = Files.createDirectories(work.resolve("ucode/kernel/x86/microcode"));
    Files.writeString(ucode.resolve("GenuineIntel.bin"), "microcode");
    sh(work.resolve("ucode"), "find kernel | LC_ALL=C sort | cpio --quiet -o -H newc > ../ucode.cpio");
    sh(work, "cat ucode.cpio > initrd.img && gzip -c tree.cpio >> initrd.img");
    String listing = listing(work.resolve("initrd.img"));
    assertPart(listing, "cpio", expected(work.resolve("ucode"), false));
    assertPart(listing, "cpio (gzip)", expected(tree, true));
    assertEquals(List.of("# cpio", "# cpio (gzip)"), listing.lines().filter(l -> l.startsWith("# ")).toList());
  }

  @ParameterizedTest
  @CsvSource({"gzip -c,gzip", "zstd -q -c,zstd", "xz -c --check=crc32,xz", "cat,"})
  void archivesOneAfterTheOtherListAsTheOneTreeTheKernelUnpacks(String compressor, String name) throws Exception {
    // an initrd in segments, as imgc writes them: the tree cut in three, each archive compressed on its own
    sh(tree, "find . | LC_ALL=C sort > ../order.txt");
    Path initrd = work.resolve("segments-" + (name == null ? "plain" : name) + ".img");
    sh(work, "for lines in 1,5p 6,12p '13,$p'; do sed -n \"$lines\" order.txt | (cd tree && cpio --quiet -o -H newc) | "
        + compressor + "; done > " + initrd);
    String title = name == null ? "cpio" : "cpio (" + name + ")";
    String listing = listing(initrd);
    assertPart(listing, title, expected(tree, true));
    assertEquals(List.of("# " + title), listing.lines().filter(l -> l.startsWith("# ")).toList());
  }

  @Test
  void aPathALaterArchiveListsAgainIsListedAsThatArchiveHasIt() throws Exception {
    Path early = Files.createDirectories(work.resolve("early/etc"));
    Files.writeString(early.resolve("motd"), "the first archive's\n");
    Files.writeString(early.resolve("other"), "only in the first\n");
    Path late = Files.createDirectories(work.resolve("late-motd/etc"));
    Files.writeString(late.resolve("motd"), "the second archive's, which the kernel leaves\n");
    sh(late, "chmod 0600 motd");
    sh(work, "(cd early && find etc | LC_ALL=C sort | cpio --quiet -o -H newc | gzip -c) > replaced.img"
        + " && (cd late-motd && echo etc/motd | cpio --quiet -o -H newc | gzip -c) >> replaced.img");
    List<String> expected = new java.util.ArrayList<>(expected(work.resolve("early"), false));
    expected.set(1, expected(work.resolve("late-motd"), false).get(1));
    assertTrue(expected.get(1).startsWith("etc/motd file 0600 "), expected.get(1));
    assertPart(listing(work.resolve("replaced.img")), "cpio (gzip)", expected);
  }

  @Test
  void theNamesOfOneFileAreMatchedWithinOneArchive() throws Exception {
    // both archives number their inodes from the same start, as the kernel forgets them at each trailer
    Path pairs = Files.createDirectories(work.resolve("pairs"));
    Files.writeString(pairs.resolve("a"), "first file\n");
    Files.createLink(pairs.resolve("b"), pairs.resolve("a"));
    Files.writeString(pairs.resolve("c"), "second file, of another size\n");
    Files.createLink(pairs.resolve("d"), pairs.resolve("c"));
    sh(pairs, "(printf 'a\\nb\\n' | cpio --quiet -o -H newc --renumber-inodes | gzip -c) > ../pairs.img"
        + " && (printf 'c\\nd\\n' | cpio --quiet -o -H newc --renumber-inodes | gzip -c) >> ../pairs.img");
    assertPart(listing(work.resolve("pairs.img")), "cpio (gzip)", expected(pairs, false));
  }

  @ParameterizedTest
  @CsvSource({"gzip -c,gzip", "zstd -q -c,zstd", "xz -c --check=crc32,xz"})
  void compressedArchiveMayBePaddedAndFollowed(String compressor, String name) throws Exception {
    Path ucode = Files.createDirectories(work.resolve("late/kernel"));
    Files.writeString(ucode.resolve("late.bin"), "after the compressed part");
    sh(work.resolve("late"), "find kernel | LC_ALL=C sort | cpio --quiet -o -H newc > ../late.cpio");
    Path initrd = work.resolve("followed-" + name + ".img");
    // 512 zeros pad the compressed member, as tools that align initrds write them; then a plain archive
    sh(work, compressor + " < tree.cpio > " + initrd + " && head -c 512 /dev/zero >> " + initrd + " && cat late.cpio >> " + initrd);
    String listing = listing(initrd);
    assertEquals(List.of("# cpio (" + name + ")", "# cpio"), listing.lines().filter(l -> l.startsWith("# ")).toList());
    assertPart(listing, "cpio (" + name + ")", expected(tree, true));
    assertPart(listing, "cpio", expected(work.resolve("late"), false));
  }

  @ParameterizedTest
  @CsvSource({"--format=gnu -cf,tar", "--format=pax -cf,tar", "--format=pax -czf,tar (gzip)", "--format=gnu --zstd -cf,tar (zstd)"})
  void tarListsTheTreeItWasMadeFrom(String options, String title) throws Exception {
    Path archive = work.resolve(options.replaceAll("\\W", "") + ".archive");
    sh(tree, "tar " + options + " " + archive + " .");
    assertPart(listing(archive), title, expected(tree, true));
  }

  @Test
  void hardLinkToAFileOutsideTheArchiveIsListedAsRecorded() throws Exception {
    // as in a layer whose link target lives in a lower layer
    Path archive = work.resolve("dangling.tar");
    sh(tree, "tar --format=pax -cf " + archive + " ./etc/motd ./etc/motd.again && tar --delete -f " + archive + " ./etc/motd");
    assertPart(listing(archive), "tar", List.of("etc/motd.again hardlink 0644 0:0 0 - -> etc/motd"));
  }

  @Test
  void controlCharactersInNamesAreEscaped() throws Exception {
    Path odd = Files.createDirectories(work.resolve("odd"));
    Files.writeString(odd.resolve("line\nbreak\u202e"), "x");
    sh(odd, "tar --format=pax -cf ../odd.tar 'line\nbreak\u202e'");
    String listing = listing(work.resolve("odd.tar"));
    assertTrue(listing.contains("line\\x0abreak\\x{202e} file 0644"), listing);
    assertEquals(2, listing.lines().count(), listing);
  }

  @Test
  void cpioNameBytesThatAreNotUtf8AreShownAsBytes() throws Exception {
    Path latin1 = Files.createDirectories(work.resolve("latin1"));
    sh(latin1, "touch \"$(printf 'caf\\351')\" && ls | cpio --quiet -o -H newc > ../latin1.cpio");
    assertPart(listing(work.resolve("latin1.cpio")), "cpio",
        List.of("caf\\xe9 file 0644 0:0 0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  }

  @Test
  void truncatedArchivesAreOneSentence() throws Exception {
    sh(work, "gzip -c tree.cpio | head -c 2000 > cut.gz && head -c 1000 tree.cpio > cut.cpio");
    for (String name : List.of("cut.gz", "cut.cpio")) {
      InspectException e = assertThrows(InspectException.class, () -> listing(work.resolve(name)));
      assertTrue(e.getMessage().matches(".*" + name + " is truncated[^\n]*"), e.getMessage());
    }
  }

  @Test
  void unknownBytesAreNamedAsSuch() throws Exception {
    Path text = Files.writeString(work.resolve("notes.txt"), "just some text\n");
    InspectException e = assertThrows(InspectException.class, () -> listing(text));
    assertTrue(e.getMessage().contains("notes.txt is not an artifact imgc knows"), e.getMessage());
    Path gz = work.resolve("text.gz");
    sh(work, "gzip -c notes.txt > text.gz");
    e = assertThrows(InspectException.class, () -> listing(gz));
    assertTrue(e.getMessage().endsWith("holds gzip data that is neither a cpio nor a tar archive"), e.getMessage());
  }
}
