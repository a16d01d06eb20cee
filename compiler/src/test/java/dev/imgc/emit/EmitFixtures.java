package dev.imgc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.fs.BootFixtures;
import dev.imgc.fs.Entry;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.block.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Appliances for the emitter tests. */
public final class EmitFixtures {
  static final String DIGEST = "3f786850e387550fdab836ed7e6dc881de23001b9a5c9b2d3a8f7e6b2c1d0e9f";
  /** Stand-in digests of the parts: the emitters use only the plan's, the build cache all. */
  static final ApplianceDigests DIGESTS = digests(DIGEST);
  static final long EPOCH = 1_700_000_000L;
  static final String CMDLINE = "console=ttyS0 panic=-1 loglevel=4";
  /** What the booted appliance prints: part 1 from the microcode cpio, part 2 from the root archive. */
  static final String MARKER = "IMGC-EMIT-BOOTED";

  private EmitFixtures() {}

  /**
   * A small appliance for checking the formats' structure: a 300 KiB stand-in kernel (no writer
   * looks inside it), the sample tree of every entry kind and a stand-in busybox (which the boot stage
   * of a root on a disk takes), a microcode cpio.
   */
  static Appliance sample(String name) throws IOException {
    byte[] kernel = dev.imgc.fs.block.Tools.pattern(300 * 1024, 7);
    byte[] ucode = BootFixtures.cpio(BootFixtures.markerPart(1, "IMGC-"));
    List<Entry> rootfs = new ArrayList<>(StreamTestSupport.sampleTree());
    rootfs.add(1, StreamTestSupport.file("bin/busybox", 0755, "a stand-in busybox\n"));
    return new Appliance(name, Optional.of(bytes(kernel)), CMDLINE, Optional.of(bytes(ucode)), rootfs, DIGESTS, EPOCH);
  }

  /** A bootable appliance: Debian's kernel, a static busybox root whose /init prints {@link #MARKER}. */
  static Appliance bootable(String name) throws IOException {
    Path kernel = BootFixtures.debianKernel();
    byte[] ucode = BootFixtures.cpio(BootFixtures.markerPart(1, "IMGC-"));
    return new Appliance(name, Optional.of(FileBytes.of(kernel)), CMDLINE, Optional.of(bytes(ucode)),
        BootFixtures.busyboxRoot("EMIT-BOOTED"), DIGESTS, EPOCH);
  }

  /**
   * Every entry under {@code root}, as find, stat and sha256sum see it: path, type, mode, owner, link
   * target, size, each device's major and minor, and each file's sha256.
   */
  static String tree(Path root) throws Exception {
    return Tools.check("sh", "-c", "cd " + root + " && find . -mindepth 1 -printf '%P %y %m %U:%G %l %s\\n' | sort"
        + " && find . \\( -type b -o -type c \\) -exec stat -c '%n %F %t:%T' {} + | sort"
        + " && find . -type f -exec sha256sum {} + | sort");
  }

  /** Digests whose plan is {@code plan} and whose parts are derived from it. */
  /**
   * The filesystem in a Kata-style disk's one partition, as {@code sfdisk} finds it: an MBR ("dos")
   * table whose only partition is of type 83 and starts at 1 MiB; copied into {@code copy}.
   */
  static Path onlyLinuxPartition(Path disk, Path copy) throws Exception {
    JsonNode table = Tools.partitionTable(disk);
    assertEquals("dos", table.path("label").asText());
    JsonNode partitions = table.path("partitions");
    assertEquals(1, partitions.size(), table::toString);
    assertEquals(2048, partitions.get(0).path("start").asLong());
    assertEquals("83", partitions.get(0).path("type").asText());
    try (RandomAccessFile in = new RandomAccessFile(disk.toFile(), "r");
        RandomAccessFile out = new RandomAccessFile(copy.toFile(), "rw")) {
      in.getChannel().transferTo(2048L * 512, partitions.get(0).path("size").asLong() * 512, out.getChannel());
    }
    return copy;
  }

  /** The bytes of {@code partition} (a partition of {@code disk} as {@code sfdisk -J} lists it), copied out by {@code dd}. */
  static Path partitionFile(Path disk, JsonNode partition) throws Exception {
    Path file = Files.createTempFile(disk.getParent(), "partition-", ".img");
    Tools.check("dd", "if=" + disk, "of=" + file, "bs=512", "skip=" + partition.path("start").asLong(),
        "count=" + partition.path("size").asLong(), "conv=sparse", "status=none");
    return file;
  }

  static ApplianceDigests digests(String plan) {
    return new ApplianceDigests(plan, plan.replace('0', '1'), Optional.of(plan.replace('0', '2')), Optional.of(plan.replace('0', '3')));
  }

  /**
   * The formats of {@code candidates} that one compile can write: of two that write one file name,
   * the first ({@code vhd}, not {@code dynamic-vhd}, which both write {@code NAME.vhd}).
   */
  public static Set<Format> together(Collection<Format> candidates) {
    Set<Format> formats = EnumSet.noneOf(Format.class);
    for (Format format : candidates) {
      Set<Format> with = EnumSet.copyOf(formats);
      with.add(format);
      try {
        Format.checkTogether(with);
        formats.add(format);
      } catch (IllegalArgumentException clash) {
        // the other format of the pair is there already
      }
    }
    return formats;
  }

  static FileBytes bytes(byte[] bytes) {
    return new FileBytes(bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  /** The appliance with one more file, which counts its opens and fails after {@code allowed} of them. */
  static Appliance withCountedFile(Appliance sample, AtomicInteger opens, int allowed) {
    byte[] text = "read once\n".getBytes(StandardCharsets.UTF_8);
    return withRootfs(sample, List.of(new Entry.RegularFile("etc/once", StreamTestSupport.meta(0644), text.length, () -> {
      if (opens.incrementAndGet() > allowed) {
        throw new IOException("the layer store went away");
      }
      return new ByteArrayInputStream(text);
    })));
  }

  /** The appliance with {@code extra} entries after its own. */
  static Appliance withRootfs(Appliance sample, List<Entry> extra) {
    List<Entry> rootfs = new ArrayList<>(sample.rootfs());
    rootfs.addAll(extra);
    return new Appliance(sample.name(), sample.kernel(), sample.cmdline(), sample.ucode(), rootfs, sample.digests(),
        sample.sourceDateEpoch());
  }
}
