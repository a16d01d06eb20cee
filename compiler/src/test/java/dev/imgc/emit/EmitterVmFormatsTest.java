package dev.imgc.emit;

import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.fs.block.LayoutException;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.part.DiskSize;
import dev.imgc.image.oci.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hypervisors' and clouds' formats of one appliance, checked with tools that read them on their
 * own: qemu-img finds in each qcow2, VHD and VMDK the very raw disk raw-bios or raw-efi wrote, and no
 * error; tar finds GCE's {@code disk.raw} and LinuxKit's kernel/initrd/cmdline; skopeo loads the
 * docker archive; xorriso reads the root filesystem on kernel+iso's ISO.
 */
class EmitterVmFormatsTest {
  private static final String NAME = "vm";

  @TempDir static Path out;
  @TempDir Path work;

  @BeforeAll
  static void emit() throws IOException {
    Emitter.emit(EmitFixtures.sample(NAME), EnumSet.of(Format.KERNEL_INITRD, Format.RAW_BIOS, Format.RAW_EFI,
        Format.TAR, Format.QCOW2_BIOS, Format.QCOW2_EFI, Format.VHD, Format.VMDK, Format.GCP, Format.AWS,
        Format.DOCKER, Format.TAR_KERNEL_INITRD), out, EmitOptions.defaults());
  }

  @Test
  void everyContainerHoldsItsRawDiskAndPassesQemuImgCheck() throws Exception {
    assertHolds("vm-bios.img", "vm.qcow2", "qcow2");
    assertHolds("vm-efi.img", "vm-efi.qcow2", "qcow2");
    assertHolds("vm-bios.img", "vm.vhd", "vpc");
    assertHolds("vm-bios.img", "vm.vmdk", "vmdk");
    check("qemu-img", "check", "-f", "qcow2", file("vm.qcow2"));
    check("qemu-img", "check", "-f", "qcow2", file("vm-efi.qcow2"));
    check("qemu-img", "check", "-f", "vmdk", file("vm.vmdk"));
    assertEquals(Files.size(out.resolve("vm-bios.img")) + 512, Files.size(out.resolve("vm.vhd")), "a fixed VHD is the disk and a footer");
  }

  @Test
  void dynamicVhdHoldsTheBiosDisk() throws Exception {
    Path dir = work.resolve("dynamic");
    Emitter.emit(EmitFixtures.sample(NAME), EnumSet.of(Format.RAW_BIOS, Format.DYNAMIC_VHD), dir, EmitOptions.defaults());
    check("qemu-img", "compare", "-f", "raw", "-F", "vpc", dir.resolve("vm-bios.img").toString(), dir.resolve("vm.vhd").toString());
    assertEquals(-1, Files.mismatch(out.resolve("vm-bios.img"), dir.resolve("vm-bios.img")));
  }

  @Test
  void awsIsTheBiosDiskAndGcpHoldsItAsDiskRaw() throws Exception {
    assertEquals(-1, Files.mismatch(out.resolve("vm-bios.img"), out.resolve("vm.raw")));
    check("gzip", "-t", file("vm.img.tar.gz"));
    assertEquals("disk.raw", check("tar", "-tzf", file("vm.img.tar.gz")).strip());
    check("tar", "-xzf", file("vm.img.tar.gz"), "-C", work.toString());
    assertEquals(-1, Files.mismatch(out.resolve("vm-bios.img"), work.resolve("disk.raw")));
  }

  @Test
  void diskSizeGrowsEveryDiskAndItsPartitionTableFollows() throws Exception {
    Path dir = work.resolve("sized");
    EmitOptions options = new EmitOptions(Compression.GZIP, EmitOptions.defaults().bootAssets(), Optional.empty(),
        Platform.DEFAULT,
        new DiskOptions(Optional.of(DiskSize.parse("300M")), true));
    Emitter.emit(EmitFixtures.sample(NAME), EnumSet.of(Format.RAW_EFI, Format.QCOW2_EFI, Format.RAW_BIOS, Format.VMDK),
        dir, options);
    assertEquals(300L << 20, Files.size(dir.resolve("vm-efi.img")));
    assertEquals(300L << 20, Files.size(dir.resolve("vm-bios.img")));
    // the backup GPT is at the end of the larger disk: sgdisk finds no problem
    assertTrue(check("sgdisk", "-v", dir.resolve("vm-efi.img").toString()).contains("No problems found"));
    assertHolds(dir, "vm-efi.img", "vm-efi.qcow2", "qcow2");
    assertHolds(dir, "vm-bios.img", "vm.vmdk", "vmdk");
    check("qemu-img", "check", "-f", "qcow2", dir.resolve("vm-efi.qcow2").toString());
    assertTrue(Files.size(dir.resolve("vm-efi.qcow2")) < Files.size(out.resolve("vm-efi.qcow2")),
        "--qcow2-compress makes the qcow2 smaller");
    assertTrue(check("du", "-B1", dir.resolve("vm-efi.img").toString()).split("\\s")[0].length() < 9,
        "the empty space stays a hole");
  }

  @Test
  void aDiskSizeTooSmallForThePartitionsIsRefusedBeforeWriting() {
    Path dir = work.resolve("small");
    EmitOptions options = new EmitOptions(Compression.GZIP, EmitOptions.defaults().bootAssets(), Optional.empty(),
        Platform.DEFAULT,
        new DiskOptions(Optional.of(DiskSize.parse("8M")), false));
    LayoutException e = assertThrows(LayoutException.class,
        () -> Emitter.emit(EmitFixtures.sample(NAME), EnumSet.of(Format.QCOW2_EFI), dir, options));
    assertTrue(e.getMessage().startsWith("a disk of 8M does not hold its partitions, which need "), e.getMessage());
    assertEquals(List.of(), list(dir));
  }

  @Test
  void formatsWritingOneFileNameAreRefusedTogetherBeforeAnythingIsWritten() {
    Path dir = work.resolve("clash");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Emitter.emit(EmitFixtures.sample(NAME), EnumSet.of(Format.VHD, Format.DYNAMIC_VHD), dir, EmitOptions.defaults()));
    assertEquals("formats vhd and dynamic-vhd both write NAME.vhd; ask for one of them, and for the other in a compile"
        + " into another directory", e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Format.checkTogether(EnumSet.of(Format.ISO_BIOS, Format.KERNEL_ISO))).getMessage()
        .startsWith("formats iso-bios and kernel+iso both write NAME.iso"));
    assertTrue(Files.notExists(dir));
  }

  @Test
  void dockerArchiveLoadsWithSkopeo() throws Exception {
    JsonNode image = new ObjectMapper().readTree(check("skopeo", "inspect", "docker-archive:" + file("vm-docker.tar")));
    assertEquals(1, image.path("Layers").size());
    assertEquals("amd64", image.path("Architecture").asText());
  }

  @Test
  void tarKernelInitrdHoldsLinuxKitsThreeFiles() throws Exception {
    assertEquals(List.of("cmdline", "initrd.img", "kernel"),
        check("tar", "-tf", file("vm-initrd.tar")).lines().sorted().toList());
    check("tar", "-xf", file("vm-initrd.tar"), "-C", work.toString());
    assertEquals(-1, Files.mismatch(out.resolve("vm-kernel"), work.resolve("kernel")));
    assertEquals(-1, Files.mismatch(out.resolve("vm-initrd.img"), work.resolve("initrd.img")));
    assertEquals(-1, Files.mismatch(out.resolve("vm-cmdline"), work.resolve("cmdline")));
  }

  @Test
  void kernelIsoHoldsTheRootFilesystemAsTheTarDoes() throws Exception {
    Path dir = work.resolve("kernel-iso");
    // with kernel+initrd, which writes the same kernel and command line
    Emitter.emit(EmitFixtures.sample(NAME), EnumSet.of(Format.KERNEL_ISO, Format.KERNEL_INITRD), dir,
        EmitOptions.defaults());
    assertEquals(List.of("vm-cmdline", "vm-initrd.img", "vm-kernel", "vm.iso"), list(dir));
    assertEquals(-1, Files.mismatch(out.resolve("vm-kernel"), dir.resolve("vm-kernel")));
    assertEquals(EmitFixtures.CMDLINE, Files.readString(dir.resolve("vm-cmdline")));
    Path fromIso = Files.createDirectories(work.resolve("from-iso"));
    Path fromTar = Files.createDirectories(work.resolve("from-tar"));
    check("xorriso", "-osirrox", "device_files", "-indev", dir.resolve("vm.iso").toString(), "-extract", "/",
        fromIso.toString());
    // the tar format also carries boot/ (the kernel, the command line), as LinuxKit's does; the ISO the root alone
    check("tar", "-xpf", file("vm.tar"), "-C", fromTar.toString(), "--exclude=boot");
    assertEquals(EmitFixtures.tree(fromTar), EmitFixtures.tree(fromIso));
  }

  private static void assertHolds(String raw, String container, String format) throws Exception {
    assertHolds(out, raw, container, format);
  }

  /** qemu-img reads {@code container} as {@code format}, the size of {@code raw}, and the same bytes. */
  private static void assertHolds(Path dir, String raw, String container, String format) throws Exception {
    JsonNode info = new ObjectMapper().readTree(check("qemu-img", "info", "--output=json", "-f", format,
        dir.resolve(container).toString()));
    assertEquals(format, info.path("format").asText());
    assertEquals(Files.size(dir.resolve(raw)), info.path("virtual-size").asLong(), container);
    check("qemu-img", "compare", "-f", "raw", "-F", format, dir.resolve(raw).toString(), dir.resolve(container).toString());
  }

  private static List<String> list(Path dir) {
    if (Files.notExists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String file(String name) {
    return out.resolve(name).toString();
  }
}
