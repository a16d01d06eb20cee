package dev.imgc.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.block.ImageFiles;
import dev.imgc.fs.block.Tools;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.CpioWriter;
import dev.imgc.fs.cpio.InitrdWriter;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import dev.imgc.fs.iso.IsoImage;
import dev.imgc.fs.iso.IsoOptions;
import dev.imgc.fs.part.GptDisk;
import dev.imgc.fs.part.Guids;
import dev.imgc.fs.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The text listing of one tree written by imgc's writers in each format, compared with
 * {@code testdata/inspect/NAME.txt} (checked by eye once). A change to the listing's format, or to
 * what a writer puts in an artifact, shows here as a diff. Nothing comes from the host (no
 * bootloader binaries), so the files are the same on every machine; {@code -Dimgc.golden.update=true}
 * rewrites them.
 */
class GoldenListingTest {
  private static final Path GOLDEN = Path.of(System.getProperty("imgc.repo", "."), "testdata", "inspect");
  private static final List<Entry> TREE = StreamTestSupport.sampleTree();
  private static final List<Entry> FAT_TREE = TREE.stream()
      .filter(e -> e instanceof Entry.Directory || e instanceof Entry.RegularFile).toList();

  @TempDir Path work;

  @ParameterizedTest
  @ValueSource(strings = {"initrd", "tar", "iso", "gpt-disk"})
  void listingMatchesTheGoldenFile(String name) throws Exception {
    String listing = ListingText.render(Inspector.inspect(write(name)));
    Path golden = GOLDEN.resolve(name + ".txt");
    if (Boolean.getBoolean("imgc.golden.update")) {
      Files.writeString(golden, listing);
    }
    assertEquals(Files.readString(golden), listing, "listing of " + name + " differs from " + golden);
  }

  private Path write(String name) throws Exception {
    Path file = work.resolve(name);
    FatImage esp = FatImage.layout(FAT_TREE, FatOptions.of("IMGC", 0x1234abcd, StreamTestSupport.MTIME));
    switch (name) {
      case "initrd" -> {
        ByteArrayOutputStream ucode = new ByteArrayOutputStream();
        CpioWriter.write(List.of(StreamTestSupport.file("kernel/x86/microcode/GenuineIntel.bin", 0644, "ucode")), ucode);
        StreamTestSupport.writeFile(file, out -> InitrdWriter.write(
            List.of(() -> new ByteArrayInputStream(ucode.toByteArray())), TREE, Compression.GZIP, out));
      }
      case "tar" -> StreamTestSupport.writeFile(file, out -> TarWriter.write(TREE, out));
      case "iso" -> {
        Path espFile = work.resolve("esp.img");
        ImageFiles.write(espFile, esp);
        List<Entry> tree = new ArrayList<>(TREE);
        byte[] loader = Tools.pattern(4096, 1); // stands for isolinux.bin: the writer patches its boot info table
        tree.add(new Entry.RegularFile("boot.bin", StreamTestSupport.meta(0644), loader.length,
            () -> new ByteArrayInputStream(loader)));
        tree.add(Tools.hostFile("efi.img", espFile));
        ImageFiles.write(file, IsoImage.layout(tree, IsoOptions.plain("IMGC_GOLDEN", StreamTestSupport.MTIME)
            .withBiosBoot("boot.bin").withEfiBoot("efi.img")));
      }
      default -> ImageFiles.write(file, new GptDisk(new UUID(1, 2),
          List.of(new GptDisk.Partition(Guids.EFI_SYSTEM, new UUID(3, 4), "ESP", esp))));
    }
    return file;
  }
}
