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
  void bootCatalogAgreesWithXorriso() throws Exception {
    List<String> rows = XorrisoCatalog.rows(iso, file -> tree.resolve(file).toFile().length());
    assertEquals(2, rows.size(), rows::toString);
    assertRows(listing(iso), "el-torito", rows);
  }
}
