package dev.imgc.emit;

import dev.imgc.fs.erofs.ErofsCompression;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.kernel.KernelFixtures;
import dev.imgc.image.oci.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An appliance for arm64 with a gzip'd stand-in Image: its kernel+initrd carries the Image
 * decompressed, its ESP systemd-boot for arm64 as {@code BOOTAA64.EFI} (read back with mtools); a
 * kernel of the other machine, and a BIOS format for arm64, are refused before anything is written.
 */
class EmitterPlatformTest {
  private static final Platform ARM64 = Platform.parse("linux/arm64");

  @TempDir Path work;

  @Test
  void anArm64ApplianceCarriesItsImageAndBootaa64() throws Exception {
    byte[] image = KernelFixtures.arm64Image(400_000);
    Path out = work.resolve("out");
    Emitter.emit(arm64(gzip(image)), EnumSet.of(Format.KERNEL_INITRD, Format.RAW_EFI), out, options(ARM64));
    assertArrayEquals(image, Files.readAllBytes(out.resolve("arm-kernel")), "the Image, decompressed");
    String esp = out.resolve("arm-efi.img") + "@@1M";
    assertEquals(List.of("BOOTAA64.EFI"), List.of(mtools("mdir", "-b", "-i", esp, "::/EFI/BOOT").strip().split("\n")).stream()
        .map(p -> p.substring(p.lastIndexOf('/') + 1)).toList());
    assertEquals("systemd-boot for arm64, a stand-in", mtools("mtype", "-i", esp, "::/EFI/BOOT/BOOTAA64.EFI"));
    assertArrayEquals(image, mtoolsBytes("mtype", "-i", esp, "::/kernel"), "the ESP's kernel is the Image too");
  }

  /** With {@code --root-fs}, the arm64 disk's root partition has the Discoverable Partitions type of an arm64 root. */
  @Test
  void anArm64RootPartitionHasTheArm64RootType() throws Exception {
    Path out = work.resolve("root");
    EmitOptions arm64 = options(ARM64);
    Emitter.emit(arm64(gzip(KernelFixtures.arm64Image(4096))), EnumSet.of(Format.RAW_EFI), out,
        new EmitOptions(arm64.compression(), arm64.bootAssets(), Optional.empty(), ARM64,
            new DiskOptions(Optional.empty(), false, RootFs.SQUASHFS, Optional.empty(), false, PartitionTable.MBR,
                ErofsCompression.NONE)));
    String disk = out.resolve("arm-efi.img").toString();
    assertTrue(dev.imgc.fs.block.Tools.check("sgdisk", "-i", "2", disk)
        .contains("Partition GUID code: B921B045-1DF0-41C3-AF44-4C6F280D3FAE (Linux ARM64 root (/))"));
  }

  @Test
  void anArm64KernelIsRefusedForAnAmd64Appliance() throws Exception {
    Path out = work.resolve("amd");
    UnsupportedPlatformException e = assertThrows(UnsupportedPlatformException.class, () -> Emitter.emit(
        arm64(KernelFixtures.arm64Image(4096)), EnumSet.of(Format.KERNEL_INITRD), out, options(Platform.DEFAULT)));
    assertEquals("the kernel is an arm64 Image, but the appliance is built for amd64; compile with --platform linux/arm64,"
        + " or name a kernel for amd64", e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void biosFormatsAreRefusedForArm64() throws Exception {
    Path out = work.resolve("bios");
    UnsupportedPlatformException e = assertThrows(UnsupportedPlatformException.class, () -> Emitter.emit(
        arm64(KernelFixtures.arm64Image(4096)), EnumSet.of(Format.RAW_EFI, Format.RAW_BIOS), out, options(ARM64)));
    assertEquals("raw-bios boots with a BIOS, which arm64 machines do not have; write kernel+initrd, iso-efi, raw-efi or uki"
        + " instead", e.getMessage());
    assertFalse(Files.exists(out));
  }

  /** The cloud formats hold x86 BIOS disks: GCE's archive (which nothing boots as it is) and AWS's raw disk. */
  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"GCP", "AWS"})
  void cloudDisksAreRefusedForArm64(Format format) throws Exception {
    Path out = work.resolve("cloud-" + format.userName());
    UnsupportedPlatformException e = assertThrows(UnsupportedPlatformException.class, () -> Emitter.emit(
        arm64(KernelFixtures.arm64Image(4096)), EnumSet.of(format), out, options(ARM64)));
    assertEquals(format.userName() + " boots with a BIOS, which arm64 machines do not have; write kernel+initrd, iso-efi,"
        + " raw-efi or uki instead", e.getMessage());
    assertFalse(Files.exists(out));
  }

  private Appliance arm64(byte[] kernel) throws IOException {
    Appliance sample = EmitFixtures.sample("arm");
    return new Appliance("arm", Optional.of(EmitFixtures.bytes(kernel)), "console=ttyAMA0", Optional.empty(), sample.rootfs(),
        sample.digests(), sample.sourceDateEpoch());
  }

  private EmitOptions options(Platform platform) throws IOException {
    Path assets = Files.createDirectories(work.resolve("assets"));
    Files.writeString(assets.resolve("systemd-bootaa64.efi"), "systemd-boot for arm64, a stand-in");
    return new EmitOptions(Compression.GZIP, BootAssets.directoryThenHost(assets), Optional.empty(), platform);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  private static String mtools(String... command) throws IOException, InterruptedException {
    return new String(mtoolsBytes(command), StandardCharsets.UTF_8);
  }

  private static byte[] mtoolsBytes(String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("MTOOLS_SKIP_CHECK", "1");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertEquals(0, process.waitFor(), String.join(" ", command));
    return output;
  }
}
