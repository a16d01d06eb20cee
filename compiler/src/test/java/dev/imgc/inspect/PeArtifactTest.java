package dev.imgc.inspect;

import static dev.imgc.inspect.TreeOracle.assertRows;
import static dev.imgc.inspect.TreeOracle.listing;
import static dev.imgc.inspect.TreeOracle.sh;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.block.Tools;
import dev.imgc.fs.pe.UkiSection;
import dev.imgc.fs.pe.UkiWriter;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UKIs made by objcopy and by imgc's UkiWriter list the sections objdump sees, with objcopy's bytes. */
class PeArtifactTest {
  private static final Path STUB = Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub");
  private static final Pattern SECTION = Pattern.compile("^\\s*\\d+ (\\S+)\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s", Pattern.MULTILINE);

  @TempDir Path work;

  @Test
  void objcopyUkiListsEverySection() throws Exception {
    Files.writeString(work.resolve("cmdline"), "console=ttyS0 quiet");
    Files.writeString(work.resolve("osrel"), "ID=imgc\nNAME=\"imgc test\"\n");
    Files.write(work.resolve("kernel"), Tools.pattern(150_000, 11));
    Path uki = work.resolve("objcopy.efi");
    Tools.check("objcopy", "--add-section", ".osrel=" + work.resolve("osrel"), "--change-section-vma", ".osrel=0x20000",
        "--add-section", ".cmdline=" + work.resolve("cmdline"), "--change-section-vma", ".cmdline=0x30000",
        "--add-section", ".linux=" + work.resolve("kernel"), "--change-section-vma", ".linux=0x2000000",
        STUB.toString(), uki.toString());
    String listing = listing(uki);
    assertRows(listing, "pe (UKI)", expectedRows(uki, Map.of(
        ".osrel", "\"ID=imgc\\x0aNAME=\\\"imgc test\\\"\\x0a\"", ".cmdline", "\"console=ttyS0 quiet\"")));
    assertTrue(listing.contains("section=.linux address=0x2000000 size=150000 sha256="
        + TreeOracle.sha256(work.resolve("kernel"))), listing);
  }

  @Test
  void ukiWriterUkiListsEverySection() throws Exception {
    byte[] kernel = Tools.pattern(70_000, 5);
    Path uki = work.resolve("imgc.efi");
    UkiWriter.write(STUB, List.of(UkiSection.text(".osrel", "ID=imgc\n"), UkiSection.text(".cmdline", "console=ttyS0"),
        new UkiSection(".linux", kernel.length, () -> new ByteArrayInputStream(kernel))), uki);
    assertRows(listing(uki), "pe (UKI)", expectedRows(uki, Map.of(".osrel", "ID=imgc\\x0a", ".cmdline", "console=ttyS0")));
    Files.write(work.resolve("kernel"), kernel);
    assertTrue(listing(uki).contains(" size=70000 sha256=" + TreeOracle.sha256(work.resolve("kernel"))));
  }

  /** The rows for every section objdump lists, each section's bytes as objcopy extracts them. */
  private List<String> expectedRows(Path uki, Map<String, String> texts) throws Exception {
    String headers = Tools.check("objdump", "-h", uki.toString());
    List<String> rows = new ArrayList<>();
    Matcher section = SECTION.matcher(headers);
    while (section.find()) {
      String name = section.group(1);
      Path bytes = work.resolve("section.bin");
      sh(work, "objcopy -O binary -j " + name + " " + uki + " " + bytes);
      String row = "section=" + name + " address=0x" + Long.toHexString(Long.parseLong(section.group(3), 16))
          + " size=" + Long.parseLong(section.group(2), 16) + " sha256=" + TreeOracle.sha256(bytes);
      rows.add(texts.containsKey(name) ? row + " text=" + texts.get(name) : row);
    }
    rows.add(0, "machine=x86-64 format=PE32+ sections=" + rows.size());
    return rows;
  }
}
