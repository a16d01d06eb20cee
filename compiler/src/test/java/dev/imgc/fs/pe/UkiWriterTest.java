package dev.imgc.fs.pe;

import static dev.imgc.fs.StreamTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.BootFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UkiWriterTest {
  @TempDir Path tmp;

  private static UkiSection bytes(String name, int size, int seed) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 31 + seed);
    }
    return new UkiSection(name, size, () -> new ByteArrayInputStream(data));
  }

  private static final List<UkiSection> SECTIONS = List.of(
      UkiSection.text(".osrel", "ID=imgc\n"),
      UkiSection.text(".cmdline", "console=ttyS0"),
      UkiSection.text(".uname", "6.1.0-test"),
      bytes(".initrd", 300_001, 1),
      bytes(".linux", 1_000_003, 2));

  private record Section(long size, long vma, long fileOffset) {}

  /** Parses {@code objdump -h}: name, size, VMA and file offset of each section. */
  private static Map<String, Section> objdumpSections(Path image) {
    String headers = run(image.getParent(), "objdump", "-h", image.toString());
    Matcher m = Pattern.compile("\\s+\\d+ (\\S+)\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s+[0-9a-f]+\\s+([0-9a-f]+)")
        .matcher(headers);
    Map<String, Section> sections = new HashMap<>();
    while (m.find()) {
      sections.put(m.group(1), new Section(Long.parseLong(m.group(2), 16), Long.parseLong(m.group(3), 16),
          Long.parseLong(m.group(4), 16)));
    }
    return sections;
  }

  @Test
  void objdumpShowsTheNewSectionsAfterTheStubsAtAlignedAddresses() throws IOException {
    Path uki = tmp.resolve("test.efi");
    UkiWriter.write(BootFixtures.SYSTEMD_STUB, SECTIONS, uki);
    Map<String, Section> stub = objdumpSections(BootFixtures.SYSTEMD_STUB);
    Map<String, Section> image = objdumpSections(uki);

    long stubEnd = stub.values().stream().mapToLong(s -> s.vma() + s.size()).max().orElseThrow();
    long previousEnd = stubEnd;
    for (String name : List.of(".osrel", ".cmdline", ".uname", ".initrd", ".linux")) {
      Section section = image.get(name);
      assertTrue(section.vma() >= previousEnd, name + " overlaps what comes before it");
      assertEquals(0, section.vma() % 0x200, name + " is not on the stub's section alignment");
      assertEquals(0, section.fileOffset() % 0x200, name + " is not on the stub's file alignment");
      previousEnd = section.vma() + section.size();
    }
    assertEquals(5 + stub.size(), image.size());
    assertEquals(1_000_003, image.get(".linux").size());
    assertEquals(300_001, image.get(".initrd").size());
    assertEquals(13, image.get(".cmdline").size());

    byte[] written = Files.readAllBytes(uki);
    Section linux = image.get(".linux");
    byte[] expected = new byte[1_000_003];
    SECTIONS.get(4).content().open().read(expected);
    assertArrayEquals(expected, Arrays.copyOfRange(written, (int) linux.fileOffset(),
        (int) linux.fileOffset() + expected.length));
  }

  @Test
  void sizeOfImageCoversTheLastSectionAndTheChecksumIsValid() throws IOException {
    Path uki = tmp.resolve("test.efi");
    UkiWriter.write(BootFixtures.SYSTEMD_STUB, SECTIONS, uki);
    String privateHeaders = run(tmp, "objdump", "-p", uki.toString());
    long sizeOfImage = field(privateHeaders, "SizeOfImage");
    Section linux = objdumpSections(uki).get(".linux");
    assertEquals(UkiWriter.align(linux.vma() + linux.size(), 0x200), sizeOfImage);
    // The stub's own checksum, recomputed by our code, must equal what its build wrote: this checks
    // the algorithm against an independent producer before trusting it on the UKI.
    try (var channel = java.nio.channels.FileChannel.open(BootFixtures.SYSTEMD_STUB)) {
      long stubChecksum = field(run(tmp, "objdump", "-p", BootFixtures.SYSTEMD_STUB.toString()), "CheckSum");
      assertEquals(stubChecksum, PeChecksum.of(channel, checksumOffset(BootFixtures.SYSTEMD_STUB)));
    }
    assertTrue(field(privateHeaders, "CheckSum") != 0);
  }

  @Test
  void sameInputsGiveSameBytes() throws IOException {
    UkiWriter.write(BootFixtures.SYSTEMD_STUB, SECTIONS, tmp.resolve("a.efi"));
    UkiWriter.write(BootFixtures.SYSTEMD_STUB, SECTIONS, tmp.resolve("b.efi"));
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a.efi")), Files.readAllBytes(tmp.resolve("b.efi")));
  }

  @Test
  void aFileThatIsNotPeIsRefusedWithTheFix() throws IOException {
    Path notPe = Files.writeString(tmp.resolve("kernel"), "not a PE image");
    PeFormatException e = assertThrows(PeFormatException.class,
        () -> UkiWriter.write(notPe, SECTIONS, tmp.resolve("x.efi")));
    assertTrue(e.getMessage().endsWith("is not a PE image (no MZ header); pass systemd-stub's linuxx64.efi.stub"),
        e.getMessage());
  }

  @Test
  void anImageOverFourGibibytesIsRefusedBeforeTheFileIsCreated() {
    UkiSection huge = new UkiSection(".initrd", 5L << 30, () -> {
      throw new AssertionError("the content must not be read");
    });
    Path uki = tmp.resolve("huge.efi");
    PeFormatException e = assertThrows(PeFormatException.class,
        () -> UkiWriter.write(BootFixtures.SYSTEMD_STUB, List.of(huge), uki));
    assertTrue(e.getMessage().contains("but a PE image is at most 4 GiB; make the initrd smaller"), e.getMessage());
    assertTrue(Files.notExists(uki));
  }

  private static long field(String objdump, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\s+([0-9a-f]+)").matcher(objdump);
    assertTrue(m.find(), name + " missing from objdump output");
    return Long.parseLong(m.group(1), 16);
  }

  private static long checksumOffset(Path image) throws IOException {
    var view = java.nio.ByteBuffer.wrap(Files.readAllBytes(image)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    return view.getInt(0x3C) + 4 + 20 + 64;
  }
}
