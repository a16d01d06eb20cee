package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.compress.Compression;
import java.util.Optional;

/**
 * How to emit, beyond what the appliance says.
 *
 * @param compression how the initrd's root archive is compressed ({@code --compress})
 * @param bootAssets where bootloader files are found ({@code --boot-assets}, then the host)
 * @param cache where earlier builds' outputs are reused from and this build's are kept; empty to
 *     build everything ({@code --no-cache})
 * @param disk the disk formats' size and qcow2 compression
 */
public record EmitOptions(Compression compression, BootAssets bootAssets, Optional<BuildCache> cache, DiskOptions disk) {
  /** Disks as large as their partitions need, qcow2 uncompressed. */
  public EmitOptions(Compression compression, BootAssets bootAssets, Optional<BuildCache> cache) {
    this(compression, bootAssets, cache, DiskOptions.DEFAULT);
  }

  /** gzip, bootloader files from the host, no cache. */
  public static EmitOptions defaults() {
    return new EmitOptions(Compression.GZIP, BootAssets.host(), Optional.empty());
  }
}
