package dev.imgc.fs.iso;

import static dev.imgc.fs.block.Tools.TIME;
import static dev.imgc.fs.block.Tools.check;
import static dev.imgc.fs.block.Tools.dir;
import static dev.imgc.fs.block.Tools.file;
import static dev.imgc.fs.block.Tools.hostFile;
import static dev.imgc.fs.block.Tools.pattern;
import static dev.imgc.fs.block.Tools.write;
import static dev.imgc.fs.block.Tools.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.block.ByteFields;
import dev.imgc.fs.block.LayoutException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsoImageTest {
  static final String LONG_NAME = "a-very-long-file-name-".repeat(10) + "end.txt";
  static final String LONG_TARGET = "../" + "deep/".repeat(150) + "target";
  static final Path ISOLINUX = Path.of("/usr/lib/ISOLINUX/isolinux.bin");
  static final Path ISOHDPFX = Path.of("/usr/lib/ISOLINUX/isohdpfx.bin");

  @TempDir Path tmp;

  static Metadata meta(int mode, int uid, int gid) {
    return new Metadata(mode, uid, gid, TIME);
  }

  static List<Entry> tree() {
    List<Entry> entries = new ArrayList<>();
    entries.add(dir("bin"));
    entries.add(new Entry.RegularFile("bin/tool", meta(04755, 0, 0), 5, () -> new ByteArrayInputStream("tool\n".getBytes(StandardCharsets.UTF_8))));
    entries.add(dir("home"));
    entries.add(new Entry.Directory("home/user", meta(0700, 1000, 100)));
    entries.add(file("home/user/" + LONG_NAME, "long\n"));
    entries.add(file("home/user/Mixed Case & spaces ü.txt", "mixed\n"));
    entries.add(file("big.bin", pattern(5_000_000, 3)));
    entries.add(file("empty", new byte[0]));
    entries.add(new Entry.HardLink("big-link.bin", meta(0644, 0, 0), "big.bin"));
    entries.add(new Entry.Symlink("abs-link", meta(0777, 0, 0), "/bin/tool"));
    entries.add(new Entry.Symlink("rel-link", meta(0777, 0, 0), "../home/./user"));
    entries.add(new Entry.Symlink("long-link", meta(0777, 0, 0), LONG_TARGET));
    entries.add(dir("dev"));
    entries.add(new Entry.Device("dev/null", meta(0666, 0, 0), Entry.DeviceKind.CHARACTER, 1, 3));
    entries.add(new Entry.Device("dev/sda", meta(0660, 0, 6), Entry.DeviceKind.BLOCK, 8, 0));
    entries.add(new Entry.Fifo("dev/fifo", meta(0600, 0, 0)));
    return entries;
  }

  /** The tree plus isolinux and a stand-in EFI image, for the boot structures. */
  static List<Entry> bootTree() throws IOException {
    List<Entry> entries = new ArrayList<>(tree());
    entries.add(dir("isolinux"));
    entries.add(hostFile("isolinux/isolinux.bin", ISOLINUX));
    entries.add(file("efi.img", pattern(100_000, 9)));
    return entries;
  }

  @Test
  void rockRidgeKeepsLongNamesModesOwnersSymlinksAndDevices() throws Exception {
    Path iso = write(IsoImage.layout(tree(), IsoOptions.plain("IMGC_TEST", TIME)), tmp.resolve("t.iso"));
    String listing = check("xorriso", "-indev", iso.toString(), "-find", "/", "-exec", "lsdl").replaceAll("[ \t]+", " ");
    for (String line : List.of(
        "-rwsr-xr-x 1 0 0 5 Nov 14 2023 '/bin/tool'",
        "drwx------ 1 1000 100 0 Nov 14 2023 '/home/user'",
        "-rw-r--r-- 1 0 0 5 Nov 14 2023 '/home/user/" + LONG_NAME + "'",
        "-rw-r--r-- 1 0 0 6 Nov 14 2023 '/home/user/Mixed Case & spaces ü.txt'",
        "-rw-r--r-- 1 0 0 5000000 Nov 14 2023 '/big-link.bin'",
        "lrwxrwxrwx 1 0 0 0 Nov 14 2023 '/abs-link' -> '/bin/tool'",
        "lrwxrwxrwx 1 0 0 0 Nov 14 2023 '/rel-link' -> '../home/./user'",
        "lrwxrwxrwx 1 0 0 0 Nov 14 2023 '/long-link' -> '" + LONG_TARGET + "'",
        "crw-rw-rw- 1 0 0 1,3 Nov 14 2023 '/dev/null'",
        "brw-rw---- 1 0 6 8,0 Nov 14 2023 '/dev/sda'",
        "prw------- 1 0 0 0 Nov 14 2023 '/dev/fifo'")) {
      assertTrue(listing.contains(line + "\n"), "missing " + line + " in\n" + listing);
    }
    String pvd = check("xorriso", "-indev", iso.toString(), "-pvd_info");
    assertTrue(pvd.contains("Volume Id    : IMGC_TEST"), pvd);
    assertTrue(pvd.contains("Creation Time: 2023111422132000"), "1700000000 is 2023-11-14 22:13:20 UTC: " + pvd);
  }

  @Test
  void extractedTreeHasTheContentsAndModes() throws Exception {
    Path iso = write(IsoImage.layout(tree(), IsoOptions.plain("IMGC_TEST", TIME)), tmp.resolve("t.iso"));
    Path out = tmp.resolve("out");
    check("osirrox", "-indev", iso.toString(), "-extract_l", "/", out.toString(),
        "/bin", "/home", "/big.bin", "/big-link.bin", "/empty", "/abs-link", "/rel-link", "/long-link", "--");
    assertArrayEquals(pattern(5_000_000, 3), Files.readAllBytes(out.resolve("big.bin")));
    assertArrayEquals(pattern(5_000_000, 3), Files.readAllBytes(out.resolve("big-link.bin")));
    assertEquals("long\n", Files.readString(out.resolve("home/user/" + LONG_NAME)));
    assertEquals(0, Files.size(out.resolve("empty")));
    assertEquals(04755, (int) Files.getAttribute(out.resolve("bin/tool"), "unix:mode") & 07777);
    assertEquals(LONG_TARGET, Files.readSymbolicLink(out.resolve("long-link")).toString());
    assertEquals("/bin/tool", Files.readSymbolicLink(out.resolve("abs-link")).toString());
  }

  @Test
  void hardLinksShareOneExtent() throws Exception {
    Path iso = write(IsoImage.layout(tree(), IsoOptions.plain("IMGC_TEST", TIME)), tmp.resolve("t.iso"));
    String lba = check("xorriso", "-indev", iso.toString(), "-find", "/", "-name", "big*", "-exec", "report_lba");
    Matcher m = Pattern.compile("File data lba: +0 , +(\\d+) , +2442 , +5000000 , '/big(-link)?\\.bin'").matcher(lba);
    assertTrue(m.find(), lba);
    String first = m.group(1);
    assertTrue(m.find(), lba);
    assertEquals(first, m.group(1), "both names point at one extent: " + lba);
  }

  @Test
  void elToritoHasBiosAndEfiEntriesAndTheHybridMbr() throws Exception {
    byte[] isolinux = Files.readAllBytes(ISOLINUX);
    byte[] isohdpfx = Files.readAllBytes(ISOHDPFX);
    IsoImage image = IsoImage.layout(bootTree(), IsoOptions.plain("IMGC_TEST", TIME)
        .withBiosBoot("isolinux/isolinux.bin").withEfiBoot("efi.img").withHybrid(isohdpfx, 0x11223344).withJoliet());
    Path iso = write(image, tmp.resolve("b.iso"));
    assertEquals(0, Files.size(iso) % (1 << 20), "a hybrid image ends on a 1 MiB cylinder");

    String report = check("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain", "-report_system_area", "plain")
        .replaceAll("[ \t]+", " ");
    Matcher bios = Pattern.compile("El Torito boot img : 1 BIOS y none 0x0000 0x00 4 (\\d+)\n").matcher(report);
    Matcher efi = Pattern.compile("El Torito boot img : 2 UEFI y none 0x0000 0x00 196 (\\d+)\n").matcher(report);
    assertTrue(bios.find() && efi.find(), report);
    assertTrue(report.contains("El Torito img path : 1 /isolinux/isolinux.bin\n"), report);
    assertTrue(report.contains("El Torito img opts : 1 boot-info-table isohybrid-suitable\n"), report);
    assertTrue(report.contains("El Torito img path : 2 /efi.img\n"), report);
    assertTrue(report.contains("System area summary: MBR isohybrid cyl-align-on\n"), report);
    long biosLba = Long.parseLong(bios.group(1));
    long efiLba = Long.parseLong(efi.group(1));
    long sectors = Files.size(iso) / 512;
    assertTrue(report.contains("MBR partition : 1 0x80 0x00 0 " + sectors + "\n"), report);
    assertTrue(report.contains("MBR partition : 2 0x00 0xef " + efiLba * 4 + " 196\n"), report);
    assertTrue(report.contains("MBR partition path : 2 /efi.img\n"), report);

    try (RandomAccessFile raf = new RandomAccessFile(iso.toFile(), "r")) {
      byte[] mbr = new byte[512];
      raf.readFully(mbr);
      assertArrayEquals(isohdpfx, Arrays.copyOf(mbr, 432));
      ByteFields fields = new ByteFields(512).bytes(0, mbr);
      assertEquals(biosLba * 4, fields.readLe32(432), "isohdpfx loads isolinux.bin from this 512-byte sector");
      assertEquals(0x11223344L, fields.readLe32(440));

      byte[] booted = new byte[isolinux.length];
      raf.seek(biosLba * 2048);
      raf.readFully(booted);
      ByteFields table = new ByteFields(isolinux.length).bytes(0, booted);
      assertEquals(16, table.readLe32(8), "primary volume descriptor");
      assertEquals(biosLba, table.readLe32(12));
      assertEquals(isolinux.length, table.readLe32(16));
      long sum = 0;
      for (int i = 64; i < isolinux.length; i += 4) {
        sum += new ByteFields(isolinux.length).bytes(0, isolinux).readLe32(i);
      }
      assertEquals(sum & 0xffffffffL, table.readLe32(20), "checksum of the original bytes from 64 on");
      assertArrayEquals(Arrays.copyOfRange(isolinux, 64, isolinux.length), Arrays.copyOfRange(booted, 64, isolinux.length));
    }
  }

  @Test
  void efiOnlyImageHasAnEfiDefaultEntry() throws Exception {
    Path iso = write(IsoImage.layout(bootTree(), IsoOptions.plain("IMGC_EFI", TIME).withEfiBoot("efi.img")
        .withHybrid(new byte[0], 7)), tmp.resolve("e.iso"));
    String report = check("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain").replaceAll("[ \t]+", " ");
    assertTrue(report.matches("(?s).*El Torito boot img : 1 UEFI y none 0x0000 0x00 196 \\d+\n.*"), report);
    assertTrue(!report.contains("BIOS"), report);
    String sfdisk = check("sfdisk", "-d", iso.toString());
    assertTrue(sfdisk.matches("(?s).*size= *196, type=ef\n.*"), sfdisk);
  }

  @Test
  void largeDirectoriesAndPathTablesSpanBlocks() throws Exception {
    List<Entry> entries = new ArrayList<>();
    entries.add(dir("files"));
    for (int i = 0; i < 300; i++) {
      // Names past ~180 bytes move to a continuation area, so both kinds of records are spread over blocks.
      entries.add(file("files/" + (i % 2 == 0 ? "f" + i : "long-".repeat(40) + i), "n" + i));
    }
    for (int i = 0; i < 200; i++) {
      entries.add(dir("directory-number-" + i));
    }
    Path iso = write(IsoImage.layout(entries, IsoOptions.plain("MANY", TIME)), tmp.resolve("many.iso"));
    String listing = check("xorriso", "-indev", iso.toString(), "-find", "/", "-exec", "lsdl");
    assertEquals(entries.size() + 1, listing.lines().filter(l -> l.matches("[-d]r.*'/.*")).count(), listing);
    Path out = tmp.resolve("out");
    check("osirrox", "-indev", iso.toString(), "-extract", "/files", out.toString());
    for (int i = 0; i < 300; i++) {
      assertEquals("n" + i, Files.readString(out.resolve(i % 2 == 0 ? "f" + i : "long-".repeat(40) + i)));
    }
  }

  @Test
  void jolietHoldsUnicodeNamesForReadersWithoutRockRidge() throws Exception {
    Path iso = write(IsoImage.layout(tree(), IsoOptions.plain("IMGC_TEST", TIME).withJoliet()), tmp.resolve("j.iso"));
    String joliet = check("xorriso", "-read_fs", "norock", "-indev", iso.toString(), "-find", "/", "-exec", "lsdl")
        .replaceAll("[ \t]+", " ");
    assertTrue(joliet.contains(" 6 Nov 14 2023 '/home/user/Mixed Case & spaces ü.txt'\n"), joliet);
    // 64 UCS-2 characters with ";1", which readers strip.
    assertTrue(joliet.contains(" 5 Nov 14 2023 '/home/user/" + LONG_NAME.substring(0, 62) + "'\n"), joliet);
    Path out = tmp.resolve("out");
    check("osirrox", "-read_fs", "norock", "-indev", iso.toString(), "-extract", "/big.bin", out.resolve("big.bin").toString());
    assertArrayEquals(pattern(5_000_000, 3), Files.readAllBytes(out.resolve("big.bin")));
    String rockRidge = check("xorriso", "-indev", iso.toString(), "-find", "/home/user", "-exec", "lsdl");
    assertTrue(rockRidge.contains("'/home/user/" + LONG_NAME + "'"), "Rock Ridge is still read first: " + rockRidge);
  }

  @Test
  void writingTwiceGivesTheSameBytes() throws Exception {
    IsoOptions options = IsoOptions.plain("IMGC_TEST", TIME).withBiosBoot("isolinux/isolinux.bin").withEfiBoot("efi.img")
        .withHybrid(Files.readAllBytes(ISOHDPFX), 42).withJoliet();
    Path a = write(IsoImage.layout(bootTree(), options), tmp.resolve("a.iso"));
    Path b = write(IsoImage.layout(bootTree(), options), tmp.resolve("b.iso"));
    assertEquals(-1, Files.mismatch(a, b));
  }

  @Test
  void filesOver4GiBTakeSeveralExtents() throws Exception {
    long size = (9L << 29) + 5; // 4.5 GiB and 5 bytes: an extent of 4 GiB - 2 KiB (2097151 blocks), then 262146 blocks
    List<Entry> entries = List.of(zeros("huge.img", size), file("after.txt", "after\n"));
    Path iso = write(IsoImage.layout(entries, IsoOptions.plain("HUGE", TIME).withJoliet()), tmp.resolve("huge.iso"));
    String listing = check("xorriso", "-indev", iso.toString(), "-find", "/", "-exec", "lsdl").replaceAll("[ \t]+", " ");
    assertTrue(listing.contains(" " + size + " Nov 14 2023 '/huge.img'\n"), listing);
    String lba = check("xorriso", "-indev", iso.toString(), "-find", "/huge.img", "-exec", "report_lba").replaceAll("[ \t]+", " ");
    Matcher extents = Pattern.compile("File data lba: 0 , (\\d+) , 2097151 , " + size + " , '/huge.img'\n"
        + "File data lba: 1 , (\\d+) , 262146 , " + size + " , '/huge.img'\n").matcher(lba);
    assertTrue(extents.find(), lba);
    assertEquals(Long.parseLong(extents.group(1)) + 2097151, Long.parseLong(extents.group(2)), "one contiguous run");
    Path out = tmp.resolve("after.txt");
    check("osirrox", "-indev", iso.toString(), "-extract", "/after.txt", out.toString());
    assertEquals("after\n", Files.readString(out));
    assertEquals(size, Long.parseLong(check("xorriso", "-read_fs", "norock", "-indev", iso.toString(), "-find", "/huge.img",
        "-exec", "lsdl").replaceAll("(?s).*\n\\S+ +\\d+ +\\d+ +\\d+ +(\\d+) .*'/huge.img'.*", "$1")), "Joliet too");
  }

  @Test
  void limitsAreClearErrorsBeforeWriting() {
    assertTrue(assertThrows(LayoutException.class, () -> IsoImage.layout(tree(), IsoOptions.plain("lower case", TIME)))
        .getMessage().contains("must be 1 to 32 of A-Z, 0-9 and _"));
    assertEquals("the BIOS boot image 'isolinux/isolinux.bin' is not a regular file of the image; add it to the entries",
        assertThrows(LayoutException.class,
            () -> IsoImage.layout(tree(), IsoOptions.plain("X", TIME).withBiosBoot("isolinux/isolinux.bin"))).getMessage());
  }
}
