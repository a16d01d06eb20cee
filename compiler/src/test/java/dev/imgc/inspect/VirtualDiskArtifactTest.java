package dev.imgc.inspect;

import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.block.ImageFiles;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import dev.imgc.fs.part.GptDisk;
import dev.imgc.fs.part.Guids;
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
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A qcow2, VHD or VMDK lists as the disk it holds. The containers are made by qemu-img from a raw
 * disk (so the readers meet another writer's layout: compressed qcow2 clusters, streamOptimized
 * grains, QEMU's dynamic VHD) and by imgc's own writers.
 */
class VirtualDiskArtifactTest {
  @TempDir static Path work;
  static Path raw;
  static Listing expected;

  @BeforeAll
  static void makeRawDisk() throws Exception {
    List<Entry> tree = StreamTestSupport.sampleTree().stream()
        .filter(e -> e instanceof Entry.Directory || e instanceof Entry.RegularFile).toList();
    raw = work.resolve("disk.raw");
    ImageFiles.write(raw, new GptDisk(new UUID(1, 2), List.of(new GptDisk.Partition(Guids.EFI_SYSTEM, new UUID(3, 4),
        "ESP", FatImage.layout(tree, FatOptions.of("ESP", 9, StreamTestSupport.MTIME))))));
    expected = Inspector.inspect(raw);
  }

  @ParameterizedTest
  @CsvSource({
      "qcow2, qcow2, ''",
      "qcow2-compressed, qcow2, -c",
      "vhd-fixed, vpc, subformat=fixed",
      "vhd-dynamic, vpc, subformat=dynamic",
      "vmdk-sparse, vmdk, subformat=monolithicSparse",
      "vmdk-stream, vmdk, subformat=streamOptimized"})
  void aContainerQemuImgWroteListsAsItsDisk(String name, String format, String option) throws Exception {
    Path container = work.resolve(name);
    if (option.isEmpty()) {
      check("qemu-img", "convert", "-f", "raw", "-O", format, raw.toString(), container.toString());
    } else if (option.startsWith("-")) {
      check("qemu-img", "convert", "-f", "raw", "-O", format, option, raw.toString(), container.toString());
    } else {
      String options = format.equals("vpc") ? option + ",force_size=on" : option;
      check("qemu-img", "convert", "-f", "raw", "-O", format, "-o", options, raw.toString(), container.toString());
    }
    assertEquals(expected, Inspector.inspect(container));
  }

  @Test
  void imgcsOwnContainersListAsTheirDisk() throws Exception {
    VirtualDiskWriter[] writers = {new Qcow2Writer(true), new VhdWriter(VhdWriter.Kind.FIXED, new UUID(5, 6), 0),
        new VhdWriter(VhdWriter.Kind.DYNAMIC, new UUID(5, 6), 0), new VmdkWriter("disk.vmdk", 1)};
    for (int i = 0; i < writers.length; i++) {
      Path container = write(writers[i], "own-" + i);
      assertEquals(expected, Inspector.inspect(container), writers[i].toString());
    }
  }

  @Test
  void aContainerNeedingAnotherFileIsRefusedByName() throws Exception {
    Path base = write(new Qcow2Writer(false), "base.qcow2");
    Path overlay = work.resolve("overlay.qcow2");
    check("qemu-img", "create", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(), overlay.toString());
    InspectException e = assertThrows(InspectException.class, () -> Inspector.inspect(overlay));
    assertTrue(e.getMessage().endsWith("is a qcow2 image with a backing file; inspect the image it is based on"),
        e.getMessage());
  }

  static Path write(VirtualDiskWriter writer, String name) throws Exception {
    Path target = work.resolve(name);
    try (SparseOutput out = new SparseOutput(FileChannel.open(target, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE))) {
      writer.write(RawDisk.of(raw), out);
    }
    return target;
  }
}
