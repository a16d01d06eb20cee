package dev.imgc.inspect;

import static org.junit.jupiter.api.Assertions.fail;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.Xattr;
import dev.imgc.fs.block.ImageFiles;
import dev.imgc.fs.block.Tools;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.InitrdWriter;
import dev.imgc.fs.erofs.ErofsCompression;
import dev.imgc.fs.erofs.ErofsWriter;
import dev.imgc.fs.ext4.Ext4Image;
import dev.imgc.fs.ext4.Ext4Options;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import dev.imgc.fs.iso.IsoImage;
import dev.imgc.fs.iso.IsoOptions;
import dev.imgc.fs.oci.ContainerConfig;
import dev.imgc.fs.oci.OciArchiveWriter;
import dev.imgc.fs.oci.OciImage;
import dev.imgc.fs.part.GptDisk;
import dev.imgc.fs.part.Guids;
import dev.imgc.fs.pe.UkiSection;
import dev.imgc.fs.pe.UkiWriter;
import dev.imgc.fs.squashfs.SquashfsWriter;
import dev.imgc.fs.tar.TarWriter;
import dev.imgc.fs.vdisk.Qcow2Writer;
import dev.imgc.fs.vdisk.RawDisk;
import dev.imgc.fs.vdisk.SparseOutput;
import dev.imgc.fs.vdisk.VhdWriter;
import dev.imgc.fs.vdisk.VirtualDiskWriter;
import dev.imgc.fs.vdisk.VmdkWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged artifacts of every format, cut short or with bytes overwritten, are listed or refused
 * with an {@link InspectException}, never any other exception (which would reach the user as a
 * stack trace). The damage is pseudo-random from fixed seeds, so a failure repeats.
 */
class DamagedArtifactTest {
  private static final List<Entry> TREE = StreamTestSupport.sampleTree();
  private static final List<Entry> FAT_TREE = TREE.stream()
      .filter(e -> e instanceof Entry.Directory || e instanceof Entry.RegularFile).toList();
  /** With pax records of binary extended attributes, whose reader has its own parse of the records. */
  private static final List<Entry> TAR_TREE = Stream.concat(TREE.stream(), Stream.of(
      new Entry.Directory("tagged", new Metadata(0755, 0, 0, StreamTestSupport.MTIME, List.of(
          new Xattr("user.bin", new byte[] {0, (byte) 0xff, (byte) 0x80, '\n', '='}),
          new Xattr("user.a=b%c", new byte[] {'v'})))))).toList();
  private static final int TRIALS = Integer.getInteger("imgc.damage.trials", 300);

  @TempDir Path work;

  @ParameterizedTest
  @ValueSource(strings = {"initrd", "initrd-zstd", "initrd-xz", "cpio", "tar", "iso", "disk", "fat12", "uki", "oci",
      "qcow2", "vhd", "dynamic-vhd", "vmdk", "vmdk-stream", "squashfs", "squashfs-xz", "ext4", "erofs", "erofs-lz4", "erofs-lz4-imgc"})
  void damageIsReportedNeverThrown(String format) throws Exception {
    Path artifact = write(format);
    byte[] original = Files.readAllBytes(artifact);
    Random random = new Random(format.hashCode());
    Path damaged = work.resolve("damaged");
    int listed = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      byte[] bytes;
      if (trial % 3 == 0) {
        bytes = java.util.Arrays.copyOf(original, random.nextInt(original.length));
      } else {
        bytes = original.clone();
        // Most of an image is file data or zeros; aim the damage at the bytes that are not zero,
        // where the structures are, and at a few anywhere.
        for (int i = 0; i < 1 + random.nextInt(16); i++) {
          int at = random.nextInt(bytes.length);
          for (int step = 0; step < 4096 && original[at] == 0; step++) {
            at = random.nextInt(bytes.length);
          }
          bytes[at] = (byte) random.nextInt(256);
        }
      }
      Files.write(damaged, bytes);
      try {
        Inspector.inspect(damaged);
        listed++;
      } catch (InspectException expected) {
        // refused in one sentence: what a damaged artifact should get
      } catch (RuntimeException | StackOverflowError e) {
        Files.write(work.resolve("failing-" + format), bytes);
        fail(format + " trial " + trial + " threw " + e, e);
      }
    }
    System.out.println(format + ": " + listed + " of " + TRIALS + " damaged copies still listed");
  }

  /**
   * Header fields that hold values the format cannot have, each consistent with the rest (a GPT's
   * checksums recomputed), so only reading the value itself can tell: a cpio mode whose file-type
   * bits name no type, a GPT partition starting at LBA 2^64-1 (before the disk's first byte, once
   * multiplied out).
   */
  @ParameterizedTest
  @ValueSource(strings = {"cpio-mode", "gpt-start"})
  void impossibleFieldValuesAreReportedNeverThrown(String field) throws Exception {
    Path artifact;
    if (field.equals("cpio-mode")) {
      artifact = write("cpio");
      byte[] bytes = Files.readAllBytes(artifact);
      // newc: the 6-byte magic, the inode in 8 hex digits, then the mode; 0xb000 is no S_IFMT type
      System.arraycopy("0000b180".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, 14, 8);
      Files.write(artifact, bytes);
    } else {
      artifact = writeDisk(work.resolve("gpt"));
      byte[] bytes = Files.readAllBytes(artifact);
      java.nio.ByteBuffer disk = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      int header = 512;
      int entries = (int) disk.getLong(header + 72) * 512;
      int entriesLength = disk.getInt(header + 80) * disk.getInt(header + 84);
      disk.putLong(entries + 32, -1L); // the first partition's first LBA
      disk.putInt(header + 88, crc(bytes, entries, entriesLength));
      disk.putInt(header + 16, 0);
      disk.putInt(header + 16, crc(bytes, header, disk.getInt(header + 12)));
      Files.write(artifact, bytes);
    }
    try {
      Inspector.inspect(artifact);
    } catch (InspectException expected) {
      System.out.println(field + ": " + expected.getMessage());
    }
  }

  private static int crc(byte[] bytes, int offset, int length) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  private Path writeDisk(Path file) throws Exception {
    ImageFiles.write(file, new GptDisk(new UUID(5, 6), List.of(new GptDisk.Partition(Guids.EFI_SYSTEM,
        new UUID(7, 8), "ESP", FatImage.layout(FAT_TREE, FatOptions.of("ESP", 1, StreamTestSupport.MTIME))))));
    return file;
  }

  /** The disk of the "disk" case in a virtual disk container. */
  private void writeContainer(Path file, VirtualDiskWriter writer) throws Exception {
    Path disk = writeDisk(work.resolve(file.getFileName() + ".raw"));
    try (SparseOutput out = new SparseOutput(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
      writer.write(RawDisk.of(disk), out);
    }
  }

  private Path write(String format) throws Exception {
    Path file = work.resolve(format);
    switch (format) {
      case "initrd" -> StreamTestSupport.writeFile(file, out -> InitrdWriter.write(List.of(), TREE, Compression.GZIP, out));
      case "initrd-zstd" -> StreamTestSupport.writeFile(file, out -> InitrdWriter.write(List.of(), TREE, Compression.ZSTD, out));
      case "initrd-xz" -> StreamTestSupport.writeFile(file, out -> InitrdWriter.write(List.of(), TREE, Compression.XZ, out));
      case "cpio" -> StreamTestSupport.writeFile(file, out -> InitrdWriter.write(List.of(), TREE, Compression.NONE, out));
      case "fat12" -> ImageFiles.write(file, FatImage.layout(FAT_TREE, FatOptions.of("F12", 2, StreamTestSupport.MTIME)));
      case "tar" -> StreamTestSupport.writeFile(file, out -> TarWriter.write(TAR_TREE, out));
      case "iso" -> {
        // with an El Torito EFI entry whose image is a FAT filesystem, so the catalog and the ESP are damaged too
        Path esp = work.resolve("esp.img");
        ImageFiles.write(esp, FatImage.layout(FAT_TREE, FatOptions.of("ESP", 3, StreamTestSupport.MTIME)));
        List<Entry> tree = new java.util.ArrayList<>(TREE);
        tree.add(Tools.hostFile("efi.img", esp));
        ImageFiles.write(file, IsoImage.layout(tree, IsoOptions.plain("DAMAGED", StreamTestSupport.MTIME).withEfiBoot("efi.img")));
      }
      case "disk" -> writeDisk(file);
      case "qcow2" -> writeContainer(file, new Qcow2Writer(true));
      case "vhd" -> writeContainer(file, new VhdWriter(VhdWriter.Kind.FIXED, new UUID(1, 1), 0));
      case "dynamic-vhd" -> writeContainer(file, new VhdWriter(VhdWriter.Kind.DYNAMIC, new UUID(1, 1), 0));
      case "vmdk" -> writeContainer(file, new VmdkWriter("vmdk", 1));
      case "vmdk-stream" -> {
        // streamOptimized, with compressed grains and markers, as qemu-img writes it
        Path disk = writeDisk(work.resolve("stream.raw"));
        Tools.check("qemu-img", "convert", "-f", "raw", "-O", "vmdk", "-o", "subformat=streamOptimized",
            disk.toString(), file.toString());
      }
      case "squashfs", "squashfs-xz" -> {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          SquashfsWriter.write(FilesystemArtifactTest.writerTree(), SquashfsWriter.Options.of(
              format.equals("squashfs") ? Compression.ZSTD : Compression.XZ, StreamTestSupport.MTIME), out);
        }
      }
      case "ext4" -> ImageFiles.write(file, Ext4Image.layout(FilesystemArtifactTest.writerTree(),
          Ext4Options.of(new UUID(1, 2), new UUID(3, 4), StreamTestSupport.MTIME)));
      case "erofs" -> {
        // by mkfs.erofs until imgc has an EROFS writer: with xattrs, hard links and an inline tail
        Path tree = TreeOracle.sampleTree(work.resolve("erofs-tree"));
        Tools.check("python3", "-c", "import os; os.setxattr('" + tree.resolve("etc/motd") + "', 'user.note', b'hi')");
        Tools.check("mkfs.erofs", "--quiet", "-T", "1700000000", file.toString(), tree.toString());
      }
      case "erofs-lz4" -> {
        // by mkfs.erofs: compact indexes, lz4 in clusters of one block and of four (big pclusters)
        Path tree = TreeOracle.sampleTree(work.resolve("erofs-lz4-tree"));
        Files.writeString(tree.resolve("text"), "lines of text that lz4 shrinks, line after line\n".repeat(2_000));
        Files.write(tree.resolve("zeros"), new byte[100_000]);
        Tools.check("mkfs.erofs", "--quiet", "-zlz4hc", "-C16384", "-T", "1700000000", file.toString(), tree.toString());
      }
      case "erofs-lz4-imgc" -> {
        List<Entry> tree = new java.util.ArrayList<>(TREE);
        tree.add(Tools.file("text", "lines of text that lz4 shrinks, line after line\n".repeat(2_000)));
        tree.add(Tools.zeros("zeros", 100_000));
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ErofsWriter.write(tree, new ErofsWriter.Options(StreamTestSupport.MTIME, new UUID(7, 8), "",
              ErofsCompression.LZ4), out);
        }
      }
      case "uki" -> UkiWriter.write(Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub"), List.of(
          UkiSection.text(".cmdline", "console=ttyS0"), UkiSection.text(".linux", "kernel")), file);
      default -> StreamTestSupport.writeFile(file, out -> OciArchiveWriter.write(TREE,
          new OciImage("imgc/damaged", "1", "amd64", "linux", StreamTestSupport.MTIME, ContainerConfig.command(List.of())), work, out));
    }
    return file;
  }
}
