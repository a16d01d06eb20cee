package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden workflow through the real {@code imgc} process: two compiles of {@code golden.yml} that
 * differ in one {@code files:} entry ({@code etc/motd}) give, through the ISO, the disk, the UKI and
 * the initrd, a diff of exactly that entry and the files that hold it; {@code imgc diff}'s exit
 * statuses, {@code --ignore}, {@code --ignore-path}, {@code --update}, {@code --format json} and
 * {@code --content}; {@code imgc inspect --cat} agreeing with {@code osirrox}, {@code mcopy} and
 * {@code cpio} taking the file out by hand.
 */
class GoldenDiffTest {
  private static final String BEFORE = "compiled by imgc\n";
  private static final String AFTER = "compiled by IMGC\n";
  private static final String FORMATS = "iso-efi,raw-efi,uki,kernel+initrd";

  @TempDir static Path work;
  private static Path a;
  private static Path b;

  @BeforeAll
  static void compileTwice() throws Exception {
    GoldenSpec spec = GoldenSpec.create(work.resolve("images"));
    Path changed = work.resolve("changed.yml");
    String text = Files.readString(spec.spec());
    assertTrue(text.contains(BEFORE.strip()), text);
    Files.writeString(changed, text.replace(BEFORE.strip(), AFTER.strip()));
    a = compile(spec, spec.spec(), "a");
    b = compile(spec, changed, "b");
  }

  private static Path compile(GoldenSpec spec, Path specFile, String name) {
    List<String> arguments = new ArrayList<>(spec.compileArguments(work.resolve("store")));
    arguments.set(1, specFile.toString());
    Path out = work.resolve(name);
    arguments.addAll(List.of("--format", FORMATS, "-o", out.toString()));
    assertEquals(0, Main.run(arguments.toArray(String[]::new)), "imgc compile " + specFile);
    return out;
  }

  private static ImgcProcess imgc(String... args) throws Exception {
    return ImgcProcess.run(work, args);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aChangedFileIsTheOnlyEntryThatDiffersThroughIsoDiskUkiAndInitrd() throws Exception {
    String motdChange = "sha256 " + sha256(BEFORE) + "\u2192" + sha256(AFTER);
    Map<String, List<String>> holders = Map.of(
        "golden-efi.iso", List.of("boot/efi.img", "boot/efi.img!/initrd.img", "boot/efi.img!/initrd.img!/etc/motd"),
        "golden-efi.img", List.of("partition-1!/initrd.img", "partition-1!/initrd.img!/etc/motd"),
        "golden.efi", List.of(".initrd!/etc/motd"),
        "golden-initrd.img", List.of("etc/motd"));
    for (Map.Entry<String, List<String>> artifact : holders.entrySet()) {
      ImgcProcess diff = imgc("diff", a.resolve(artifact.getKey()).toString(), b.resolve(artifact.getKey()).toString());
      assertEquals(1, diff.status(), diff::toString);
      List<String> entries = diff.out().lines().filter(l -> l.matches("[-+~] [^#].*")).toList();
      Set<String> changed = entries.stream().map(l -> l.substring(2, l.indexOf(": "))).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(new TreeSet<>(artifact.getValue()), changed, diff::toString);
      assertTrue(entries.stream().allMatch(l -> l.startsWith("~ ")), diff::toString);
      String motd = artifact.getValue().get(artifact.getValue().size() - 1);
      assertTrue(entries.contains("~ " + motd + ": " + motdChange), diff::toString);
      // what holds the file changed in content (and a compressed initrd in size), nothing else
      assertTrue(entries.stream().allMatch(l -> l.substring(l.indexOf(": ") + 2).matches("(size \\d+\u2192\\d+, )?sha256 \\S+")),
          diff::toString);
    }
  }

  @Test
  void anArtifactIsTheSameAsItselfAndAsItsSavedListing() throws Exception {
    Path iso = a.resolve("golden-efi.iso");
    ImgcProcess same = imgc("diff", iso.toString(), iso.toString());
    assertEquals(0, same.status(), same::toString);
    assertEquals("the same\n", same.out());

    ImgcProcess inspect = imgc("inspect", "-r", iso.toString());
    assertEquals(0, inspect.status(), inspect::toString);
    Path golden = Files.write(work.resolve("golden-efi.iso.txt"), inspect.stdout());
    assertEquals(0, imgc("diff", golden.toString(), iso.toString()).status());
    ImgcProcess differs = imgc("diff", golden.toString(), b.resolve("golden-efi.iso").toString());
    assertEquals(1, differs.status(), differs::toString);
    assertTrue(differs.out().endsWith("0 added, 0 removed, 3 changed, 2 parts differ\n"), differs::toString);

    // what a user chooses not to pin: the contents and sizes, and the derived ids in the parts' rows
    ImgcProcess ignored = imgc("diff", "--ignore", "sha256", "--ignore", "size", "--ignore", "rows", golden.toString(),
        b.resolve("golden-efi.iso").toString());
    assertEquals(0, ignored.status(), ignored::toString);
    ImgcProcess ignoredPaths = imgc("diff", "--ignore-path", "**/etc/motd", "--ignore-path", "**/initrd.img",
        "--ignore-path", "boot/efi.img", "--ignore", "rows", golden.toString(), b.resolve("golden-efi.iso").toString());
    assertEquals(0, ignoredPaths.status(), ignoredPaths::toString);
    ImgcProcess notAField = imgc("diff", "--ignore", "colour", golden.toString(), iso.toString());
    assertEquals(2, notAField.status(), notAField::toString);
    assertTrue(notAField.err().startsWith("imgc: error: 'colour' is not a field a listing has; fields: type, mode,"),
        notAField::toString);
  }

  @Test
  void updateRewritesTheGoldenInItsOwnFormAndColumns() throws Exception {
    Path iso = a.resolve("golden-efi.iso");
    Path changedIso = b.resolve("golden-efi.iso");
    Path text = Files.write(work.resolve("update.txt"), imgc("inspect", "-r", "--mtime", iso.toString()).stdout());
    Path json = Files.write(work.resolve("update.json"), imgc("inspect", "-r", "--json", iso.toString()).stdout());
    for (Path golden : List.of(text, json)) {
      ImgcProcess update = imgc("diff", "--update", golden.toString(), changedIso.toString());
      assertEquals(0, update.status(), update::toString);
      assertTrue(update.out().contains("etc/motd: sha256 "), update::toString);
      assertEquals(0, imgc("diff", golden.toString(), changedIso.toString()).status());
    }
    assertEquals(imgc("inspect", "-r", "--mtime", changedIso.toString()).out(), Files.readString(text));
    assertEquals(imgc("inspect", "-r", "--json", changedIso.toString()).out(), Files.readString(json));
    assertTrue(Files.readString(text).contains(" mtime="), "the golden keeps its mtime column");

    Path fresh = work.resolve("fresh/golden.txt");
    Files.createDirectories(fresh.getParent());
    assertEquals(0, imgc("diff", "--update", fresh.toString(), iso.toString()).status());
    assertEquals(imgc("inspect", "-r", iso.toString()).out(), Files.readString(fresh), "a missing golden is made");
    try (var left = Files.list(fresh.getParent())) {
      assertEquals(List.of(fresh), left.toList(), "nothing but the golden is left beside it");
    }
    ImgcProcess artifact = imgc("diff", "--update", iso.toString(), changedIso.toString());
    assertEquals(2, artifact.status(), artifact::toString);
    assertTrue(artifact.err().contains("is an artifact, not a saved listing"), artifact::toString);
  }

  @Test
  void jsonNamesEachChangedField() throws Exception {
    ImgcProcess diff = imgc("diff", "--format", "json", a.resolve("golden-initrd.img").toString(),
        b.resolve("golden-initrd.img").toString());
    assertEquals(1, diff.status(), diff::toString);
    JsonNode root = new ObjectMapper().readTree(diff.out());
    assertEquals(1, root.path("version").asInt());
    assertEquals(false, root.path("equal").asBoolean(true));
    JsonNode motd = root.path("entries").get(0);
    assertEquals(1, root.path("entries").size(), diff::toString);
    assertEquals("changed", motd.path("change").asText());
    assertEquals("etc/motd", motd.path("location").asText());
    assertEquals("sha256", motd.path("fields").get(0).path("field").asText());
    assertEquals(sha256(BEFORE), motd.path("fields").get(0).path("before").asText());
    assertEquals(sha256(AFTER), motd.path("fields").get(0).path("after").asText());
    assertEquals(17, motd.path("after").path("size").asLong());
  }

  @Test
  void contentShowsTheUnifiedDiffOfAChangedTextFile() throws Exception {
    ImgcProcess diff = imgc("diff", "--content", "**", a.resolve("golden-efi.iso").toString(),
        b.resolve("golden-efi.iso").toString());
    assertEquals(1, diff.status(), diff::toString);
    String motd = "boot/efi.img!/initrd.img!/etc/motd";
    assertTrue(diff.out().contains("--- a/" + motd + "\n+++ b/" + motd + "\n@@ -1,1 +1,1 @@\n-compiled by imgc\n"
        + "+compiled by IMGC\n"), diff::toString);
    assertTrue(diff.out().contains("~ boot/efi.img!/initrd.img: content not text: not shown\n"), diff::toString);
    ImgcProcess one = imgc("diff", "--content", motd, a.resolve("golden-efi.iso").toString(), b.resolve("golden-efi.iso").toString());
    assertEquals(1, one.status(), one::toString);
    assertTrue(one.out().contains("-compiled by imgc\n+compiled by IMGC\n"), one::toString);
    assertTrue(!one.out().contains("content not text"), "only the file named is compared: " + one);

    Path golden = Files.write(work.resolve("content.txt"), imgc("inspect", "-r", a.resolve("golden-efi.iso").toString())
        .stdout());
    ImgcProcess listing = imgc("diff", "--content", "**", golden.toString(), b.resolve("golden-efi.iso").toString());
    assertEquals(2, listing.status(), listing::toString);
    assertEquals(1, listing.err().lines().count(), listing::toString);
  }

  @Test
  void whatCannotBeReadIsStatusTwoInOneLine() throws Exception {
    Path bad = Files.writeString(work.resolve("bad.txt"), "# tar\netc/motd file 0644 0:0 3 -\nno listing here\n");
    ImgcProcess malformed = imgc("diff", bad.toString(), a.resolve("golden-initrd.img").toString());
    assertEquals(2, malformed.status(), malformed::toString);
    assertEquals("imgc: error: " + bad + " is not a listing imgc reads: line 3: neither an entry (path type mode"
        + " uid:gid size sha256) nor key=value fields\n", malformed.err());
    ImgcProcess missing = imgc("diff", work.resolve("missing.iso").toString(), a.resolve("golden-efi.iso").toString());
    assertEquals(2, missing.status(), missing::toString);
    assertEquals("imgc: error: " + work.resolve("missing.iso") + " does not exist\n", missing.err());
    ImgcProcess usage = imgc("diff", a.resolve("golden-efi.iso").toString());
    assertEquals(2, usage.status(), usage::toString);
  }

  @Test
  void catPrintsAFileFromInsideTheEfiImageInsideTheIso() throws Exception {
    Path iso = a.resolve("golden-efi.iso");
    ImgcProcess cat = imgc("inspect", "--cat", "boot/efi.img!/initrd.img!/etc/motd", iso.toString());
    assertEquals(0, cat.status(), cat::toString);
    // the same file taken out by hand with osirrox, mcopy and cpio
    Path hand = Files.createDirectories(work.resolve("by-hand"));
    dev.imgc.fs.block.Tools.check("sh", "-c", "cd '" + hand + "' && osirrox -indev '" + iso + "' -extract /boot/efi.img"
        + " efi.img 2>/dev/null && mcopy -i efi.img ::initrd.img initrd.img && mkdir root && cd root"
        + " && gzip -dc ../initrd.img | cpio -id --quiet etc/motd");
    assertEquals(Files.readString(hand.resolve("root/etc/motd")), cat.out());
    assertEquals(BEFORE, cat.out());

    ImgcProcess dir = imgc("inspect", "--cat", "boot/efi.img!/initrd.img!/etc", iso.toString());
    assertEquals(1, dir.status(), dir::toString);
    assertEquals("imgc: error: " + iso + " holds boot/efi.img!/initrd.img!/etc as a dir, not a file\n", dir.err());
    ImgcProcess none = imgc("inspect", "--cat", "boot/efi.img!/initrd.img!/etc/nothing", iso.toString());
    assertEquals(1, none.status(), none::toString);
    assertEquals("", none.out());
  }
}
