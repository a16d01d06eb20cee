package dev.imgc.inspect;

import static dev.imgc.inspect.TreeOracle.assertPart;
import static dev.imgc.inspect.TreeOracle.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.block.ImageFiles;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.CpioWriter;
import dev.imgc.fs.cpio.InitrdWriter;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import dev.imgc.fs.iso.IsoImage;
import dev.imgc.fs.iso.IsoOptions;
import dev.imgc.fs.oci.ContainerConfig;
import dev.imgc.fs.oci.OciArchiveWriter;
import dev.imgc.fs.oci.OciImage;
import dev.imgc.fs.part.GptDisk;
import dev.imgc.fs.part.Guids;
import dev.imgc.fs.part.MbrDisk;
import dev.imgc.fs.tar.TarWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What imgc's own writers put in an artifact is what inspect lists: each side checks the other. */
class WriterRoundTripTest {
  private static final List<Entry> TREE = StreamTestSupport.sampleTree();
  /** FAT holds only directories and regular files. */
  private static final List<Entry> FAT_TREE = TREE.stream()
      .filter(e -> e instanceof Entry.Directory || e instanceof Entry.RegularFile).toList();

  @TempDir Path work;

  @Test
  void initrdWithMicrocodePrefix() throws Exception {
    ByteArrayOutputStream ucode = new ByteArrayOutputStream();
    List<Entry> ucodeTree = List.of(StreamTestSupport.file("kernel/x86/microcode/GenuineIntel.bin", 0644, "ucode"));
    CpioWriter.write(ucodeTree, ucode);
    Path initrd = StreamTestSupport.writeFile(work.resolve("initrd.img"),
        out -> InitrdWriter.write(List.of(() -> new java.io.ByteArrayInputStream(ucode.toByteArray())), TREE, Compression.ZSTD, out));
    String listing = listing(initrd);
    assertPart(listing, "cpio", expected(ucodeTree));
    assertPart(listing, "cpio (zstd)", expected(TREE));
  }

  @Test
  void tar() throws Exception {
    Path tar = StreamTestSupport.writeFile(work.resolve("root.tar"), out -> TarWriter.write(TREE, out));
    assertPart(listing(tar), "tar", expected(TREE));
  }

  @Test
  void iso() throws Exception {
    Path iso = work.resolve("plain.iso");
    ImageFiles.write(iso, IsoImage.layout(TREE, IsoOptions.plain("IMGC_TEST", StreamTestSupport.MTIME)));
    List<String> lines = new ArrayList<>(listing(iso).lines().toList());
    assertTrue(lines.remove(". dir 0755 0:0 0 -"), lines::toString);
    assertPart(String.join("\n", lines), "iso9660", expected(TREE));
  }

  @Test
  void bootableHybridIso() throws Exception {
    List<Entry> tree = new ArrayList<>(TREE);
    Path isolinux = Path.of("/usr/lib/ISOLINUX/isolinux.bin");
    tree.add(new Entry.Directory("isolinux", StreamTestSupport.meta(0755)));
    tree.add(new Entry.RegularFile("isolinux/isolinux.bin", StreamTestSupport.meta(0644), Files.size(isolinux),
        () -> Files.newInputStream(isolinux)));
    byte[] efi = dev.imgc.fs.block.Tools.pattern(2880 * 512, 9);
    tree.add(new Entry.RegularFile("efi.img", StreamTestSupport.meta(0644), efi.length, () -> new java.io.ByteArrayInputStream(efi)));
    Path iso = work.resolve("boot.iso");
    ImageFiles.write(iso, IsoImage.layout(tree, IsoOptions.plain("IMGC_BOOT", StreamTestSupport.MTIME)
        .withBiosBoot("isolinux/isolinux.bin").withEfiBoot("efi.img")
        .withHybrid(Files.readAllBytes(Path.of("/usr/lib/ISOLINUX/isohdpfx.bin")), 0x11223344)));
    String listing = listing(iso);
    List<String> rows = XorrisoCatalog.rows(iso, file -> file.equals("efi.img") ? efi.length : isolinux.toFile().length());
    assertEquals(2, rows.size(), rows::toString);
    TreeOracle.assertRows(listing, "el-torito", rows);
    assertTrue(listing.startsWith("# iso9660\nvolume-id=IMGC_BOOT "), listing);
  }

  @Test
  void gptDiskWithFat() throws Exception {
    FatImage fat = FatImage.layout(FAT_TREE, FatOptions.of("IMGC", 0x1234abcd, StreamTestSupport.MTIME));
    Path disk = work.resolve("disk.img");
    ImageFiles.write(disk, new GptDisk(new UUID(1, 2), List.of(
        new GptDisk.Partition(Guids.EFI_SYSTEM, new UUID(3, 4), "ESP", fat))));
    String listing = listing(disk);
    assertTrue(listing.contains("type=\"EFI System\" type-guid=C12A7328-F81F-11D2-BA4B-00A0C93EC93B "
        + "guid=00000000-0000-0003-0000-000000000004 name=ESP bootable=no"), listing);
    assertPart(listing, "partition 1 (EFI System, " + fat.type() + ")", expectedFat());
  }

  @Test
  void mbrDiskWithFat() throws Exception {
    FatImage fat = FatImage.layout(FAT_TREE, FatOptions.of("IMGC", 0x1234abcd, StreamTestSupport.MTIME));
    Path disk = work.resolve("mbr.img");
    ImageFiles.write(disk, new MbrDisk(new byte[440], 0x0badcafe, List.of(new MbrDisk.Partition(0x0c, true, fat))));
    String listing = listing(disk);
    assertTrue(listing.contains("scheme=mbr disk-signature=0x0badcafe\npartition=1 "), listing);
    assertTrue(listing.contains("type=\"FAT32 (LBA)\" type-id=0x0c bootable=yes"), listing);
    assertPart(listing, "partition 1 (FAT32 (LBA), " + fat.type() + ")", expectedFat());
  }

  @Test
  void ociArchive() throws Exception {
    Path archive = StreamTestSupport.writeFile(work.resolve("oci.tar"), out -> OciArchiveWriter.write(TREE,
        new OciImage("imgc/test", "1", "amd64", "linux", StreamTestSupport.MTIME, ContainerConfig.command(List.of("/bin/sh"))), work, out));
    String listing = listing(archive);
    assertTrue(listing.contains(" ref=1 "), listing); // the writer names the tag alone, as the image layout spec allows
    String layerTitle = listing.lines().filter(l -> l.startsWith("# layer-1!/ layer 1 ")).findFirst().orElseThrow()
        .substring("# layer-1!/ ".length());
    assertPart(listing, layerTitle, expected(TREE));
  }

  /** FAT keeps no modes or owners: directories list as 0755, files as 0644, all 0:0. */
  private static List<String> expectedFat() throws IOException {
    return expected(FAT_TREE).stream()
        .map(line -> line.replaceFirst(" dir \\d{4} \\d+:\\d+ ", " dir 0755 0:0 ").replaceFirst(" file \\d{4} \\d+:\\d+ ", " file 0644 0:0 "))
        .toList();
  }

  /** The listing of entries, from the entries themselves: names of one file list as the first name's file. */
  static List<String> expected(List<Entry> entries) throws IOException {
    Map<String, String> lines = new TreeMap<>();
    Map<String, List<String>> names = new TreeMap<>();
    Map<String, Entry.RegularFile> files = new TreeMap<>();
    for (Entry entry : entries) {
      if (entry instanceof Entry.RegularFile file) {
        files.put(file.path(), file);
        names.computeIfAbsent(file.path(), k -> new ArrayList<>()).add(file.path());
      } else if (entry instanceof Entry.HardLink link) {
        names.computeIfAbsent(link.target(), k -> new ArrayList<>()).add(link.path());
      }
    }
    for (Entry entry : entries) {
      String head = String.format(Locale.ROOT, "%s %s %04o %d:%d", entry.path(), kind(entry), entry.metadata().mode(),
          entry.metadata().uid(), entry.metadata().gid());
      String line;
      if (entry instanceof Entry.Symlink s) {
        line = head + " 0 - -> " + s.target();
      } else if (entry instanceof Entry.Device d) {
        line = head + " " + d.major() + "," + d.minor() + " -";
      } else if (entry instanceof Entry.RegularFile f) {
        line = fileLine(entry, names.get(f.path()), files.get(f.path()));
      } else if (entry instanceof Entry.HardLink h) {
        line = fileLine(entry, names.get(h.target()), files.get(h.target()));
      } else {
        line = head + " 0 -";
      }
      lines.put(entry.path(), line);
    }
    return new ArrayList<>(lines.values());
  }

  private static String fileLine(Entry entry, List<String> names, Entry.RegularFile content) throws IOException {
    String first = names.stream().sorted().findFirst().orElseThrow();
    String head = String.format(Locale.ROOT, "%s %s %04o %d:%d", entry.path(), first.equals(entry.path()) ? "file" : "hardlink",
        entry.metadata().mode(), entry.metadata().uid(), entry.metadata().gid());
    return first.equals(entry.path()) ? head + " " + content.size() + " " + sha256(content) : head + " 0 - -> " + first;
  }

  private static String kind(Entry entry) {
    if (entry instanceof Entry.Device d) {
      return d.kind() == Entry.DeviceKind.CHARACTER ? "char" : "block";
    }
    return entry instanceof Entry.Directory ? "dir" : entry instanceof Entry.Fifo ? "fifo" : "symlink";
  }

  private static String sha256(Entry.RegularFile file) throws IOException {
    try (InputStream in = file.content().open()) {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
