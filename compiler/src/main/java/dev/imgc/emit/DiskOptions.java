package dev.imgc.emit;

import dev.imgc.fs.part.DiskSize;
import java.util.Optional;

/**
 * How the disk formats are written.
 *
 * @param size the disks' size ({@code --disk-size}); empty for just what the partitions need
 * @param qcow2Compressed whether a qcow2's clusters are deflated ({@code --qcow2-compress})
 */
public record DiskOptions(Optional<DiskSize> size, boolean qcow2Compressed) {
  /** Disks as large as their partitions need, qcow2 uncompressed. */
  public static final DiskOptions DEFAULT = new DiskOptions(Optional.empty(), false);

  /** The options as a line of the build cache's key. */
  String inputLine() {
    return "disk size " + size.map(DiskSize::toString).orElse("fit") + (qcow2Compressed ? ", qcow2 compressed" : "");
  }
}
