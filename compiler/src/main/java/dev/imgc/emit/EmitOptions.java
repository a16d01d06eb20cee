package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.compress.Compression;
import dev.imgc.image.oci.Platform;
import java.util.Optional;

/**
 * How to emit, beyond what the appliance says.
 *
 * @param compression how the initrd's root archive is compressed ({@code --compress})
 * @param bootAssets where bootloader files are found ({@code --boot-assets}, then the host)
 * @param cache where earlier builds' outputs are reused from and this build's are kept; empty to
 *     build everything ({@code --no-cache})
 * @param platform the platform the appliance is for ({@code --platform}), which the {@code oci}
 *     image's configuration names
 */
public record EmitOptions(Compression compression, BootAssets bootAssets, Optional<BuildCache> cache, Platform platform) {
  /** gzip, bootloader files from the host, no cache, linux/amd64. */
  public static EmitOptions defaults() {
    return new EmitOptions(Compression.GZIP, BootAssets.host(), Optional.empty(), Platform.DEFAULT);
  }
}
