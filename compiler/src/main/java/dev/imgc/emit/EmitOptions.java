package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.compress.Compression;

/**
 * How to emit, beyond what the appliance says.
 *
 * @param compression how the initrd's root archive is compressed ({@code --compress})
 * @param bootAssets where bootloader files are found ({@code --boot-assets}, then the host)
 */
public record EmitOptions(Compression compression, BootAssets bootAssets) {
  /** gzip, bootloader files from the host. */
  public static EmitOptions defaults() {
    return new EmitOptions(Compression.GZIP, BootAssets.host());
  }
}
