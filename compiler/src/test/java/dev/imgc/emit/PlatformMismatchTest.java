package dev.imgc.emit;

import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.BootFixtures;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.kernel.KernelImage;
import dev.imgc.image.oci.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build for another platform than its kernel's is refused with a sentence naming the mismatch, and
 * nothing is written. The kernel's architecture is the one {@code file} sees in it. (BIOS formats for
 * arm64: {@link EmitterPlatformTest}.)
 */
class PlatformMismatchTest {
  private static final Platform ARM64 = Platform.parse("linux/arm64");

  @TempDir Path out;

  @Test
  void anX86KernelForArm64IsRefusedNamingBoth() throws Exception {
    Appliance appliance = EmitFixtures.bootable("cross");
    assertTrue(check("file", "-L", BootFixtures.debianKernel().toString()).contains("x86 boot executable"));
    assertEquals(Optional.of("amd64"), KernelImage.identify(appliance.bootKernel().content()).architecture());
    UnsupportedPlatformException e = assertThrows(UnsupportedPlatformException.class,
        () -> Emitter.emit(appliance, EnumSet.of(Format.KERNEL_INITRD), out, options(ARM64)));
    assertEquals("the kernel is an x86-64 bzImage, but the appliance is built for arm64; compile with --platform "
        + "linux/amd64, or name a kernel for arm64", e.getMessage());
    assertFalse(Files.exists(out.resolve("cross-kernel")));
  }

  private static EmitOptions options(Platform platform) {
    return new EmitOptions(Compression.GZIP, BootAssets.host(), Optional.empty(), platform);
  }
}
