package dev.imgc.inspect;

import static dev.imgc.inspect.TreeOracle.assertPart;
import static dev.imgc.inspect.TreeOracle.assertRows;
import static dev.imgc.inspect.TreeOracle.expected;
import static dev.imgc.inspect.TreeOracle.listing;
import static dev.imgc.inspect.TreeOracle.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.fs.block.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ISO made by xorriso with Rock Ridge, Joliet, an isolinux entry and an EFI entry lists what went in. */
class IsoArtifactTest {
  @TempDir static Path work;
  static Path tree;
  static Path iso;

  @BeforeAll
  static void makeIso() throws Exception {
    tree = TreeOracle.sampleTree(work.resolve("tree"));
    Files.createDirectories(tree.resolve("isolinux"));
    Files.copy(Path.of("/usr/lib/ISOLINUX/isolinux.bin"), tree.resolve("isolinux/isolinux.bin"));
    Tools.check("mkfs.fat", "-C", tree.resolve("efi.img").toString(), "1440");
    Files.write(work.resolve("BOOTX64.EFI"), Tools.pattern(40_000, 4));
    sh(work, "mmd -i tree/efi.img ::/EFI ::/EFI/BOOT && mcopy -i tree/efi.img BOOTX64.EFI ::/EFI/BOOT/BOOTX64.EFI");
    iso = work.resolve("boot.iso");
    sh(tree, "xorriso -as mkisofs -quiet -R -J -o " + iso + " -b isolinux/isolinux.bin -no-emul-boot"
        + " -boot-load-size 4 -boot-info-table -eltorito-alt-boot -e efi.img -no-emul-boot .");
  }

  @Test
  void listsTheTreeWithRockRidgeAttributes() throws Exception {
    // xorriso patches the boot info table into isolinux.bin and adds the catalog as a file: their
    // bytes in the image are what xorriso itself extracts.
    sh(work, "xorriso -osirrox on -indev " + iso + " -extract /isolinux/isolinux.bin patched.bin"
        + " -extract /boot.catalog catalog.bin 2>/dev/null");
    List<String> lines = new ArrayList<>();
    for (String line : expected(tree, true)) {
      if (line.startsWith("isolinux/isolinux.bin ")) {
        line = line.replaceAll(" [0-9a-f]{64}$", " " + TreeOracle.sha256(work.resolve("patched.bin")));
      }
      lines.add(line);
      if (line.startsWith("bin/tool ")) {
        // xorriso's own catalog file: read-only, owned by root, one block
        lines.add("boot.catalog file 0444 0:0 2048 " + TreeOracle.sha256(work.resolve("catalog.bin")));
      }
    }
    assertPart(listing(iso), "iso9660", lines);
  }

  @Test
  void rockRidgeSerialNumbersTellHardLinksEvenOfEmptyFiles() throws Exception {
    Path linked = TreeOracle.sampleTree(work.resolve("linked"));
    Files.createLink(linked.resolve("etc/empty.too"), linked.resolve("etc/empty"));
    Path rrip112 = work.resolve("rrip112.iso");
    // RRIP 1.12 records each file's serial number in its PX entry; "-hardlinks on" gives names of one file one serial
    sh(work, "xorriso -compliance new_rr -hardlinks on -outdev " + rrip112 + " -map linked / 2>/dev/null");
    assertPart(listing(rrip112), "iso9660", expected(linked, true));
  }

  @Test
  void withoutRockRidgeJolietNamesAreListed() throws Exception {
    Path plain = Files.createDirectories(work.resolve("plain/Boot Files"));
    Files.writeString(plain.resolve("Read Me.txt"), "joliet keeps case and spaces\n");
    Files.writeString(plain.resolve("caf\u00e9.cfg"), "and UCS-2\n");
    Files.write(work.resolve("plain/kernel"), Tools.pattern(50_000, 2));
    Path joliet = work.resolve("joliet.iso");
    sh(work, "xorriso -rockridge off -joliet on -outdev " + joliet + " -map plain / 2>/dev/null");
    // Joliet records no modes or owners: what ISO 9660 readers show by default, all read-only
    List<String> lines = expected(work.resolve("plain"), true).stream()
        .map(line -> line.replaceFirst(" dir \\d{4} 0:0 ", " dir 0555 0:0 ").replaceFirst(" file \\d{4} 0:0 ", " file 0444 0:0 "))
        .toList();
    assertPart(listing(joliet), "iso9660 (joliet)", lines);
  }

  @Test
  void bootCatalogAgreesWithXorriso() throws Exception {
    List<String> rows = XorrisoCatalog.rows(iso, file -> tree.resolve(file).toFile().length());
    assertEquals(2, rows.size(), rows::toString);
    assertRows(listing(iso), "el-torito", rows);
  }

  @Test
  void efiBootImageIsListedAsTheFatItHolds() throws Exception {
    assertPart(listing(iso), "el-torito entry 2 (efi, FAT12)", List.of(
        "EFI dir 0755 0:0 0 -",
        "EFI/BOOT dir 0755 0:0 0 -",
        "EFI/BOOT/BOOTX64.EFI file 0644 0:0 40000 " + TreeOracle.sha256(work.resolve("BOOTX64.EFI"))));
  }
}
