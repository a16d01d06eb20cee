package dev.imgc.emit;

import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.BootFixtures;
import dev.imgc.fs.compress.Compression;
import dev.imgc.image.oci.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build for another platform than its kernel's, or with x86 bootloaders for a machine that is not
 * x86, is refused with a sentence naming the mismatch, and nothing is written. The kernel's
 * architecture is the one {@code file} sees in it.
 */
class PlatformMismatchTest {
  private static final Platform ARM64 = Platform.parse("linux/arm64");

  @TempDir Path out;

  @Test
  void anX86KernelForArm64IsRefusedNamingBoth() throws Exception {
    Appliance appliance = EmitFixtures.bootable("cross");
    assertTrue(check("file", "-L", BootFixtures.debianKernel().toString()).contains("x86 boot executable"));
    assertEquals(Optional.of("amd64"), KernelArchitecture.of(appliance.bootKernel()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Emitter.emit(appliance, EnumSet.of(Format.KERNEL_INITRD), out, options(ARM64)));
    assertEquals("the kernel is for amd64 but the build is for linux/arm64; use a kernel image for arm64, or build for "
        + "linux/amd64 with --platform linux/amd64", e.getMessage());
    assertFalse(Files.exists(out.resolve("cross-kernel")));
  }

  @Test
  void x86BootloadersForAnotherPlatformAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Emitter.emit(EmitFixtures.sample("cross"), EnumSet.of(Format.ISO_EFI, Format.TAR), out, options(ARM64)));
    assertEquals("iso-efi would hold x86 bootloaders, which cannot boot a linux/arm64 machine; for linux/arm64 write "
        + "kernel+initrd, tar, oci", e.getMessage());
  }

  private static EmitOptions options(Platform platform) {
    return new EmitOptions(Compression.GZIP, BootAssets.host(), Optional.empty(), platform);
  }
}
