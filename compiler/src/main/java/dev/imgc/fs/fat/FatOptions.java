package dev.imgc.fs.fat;

/**
 * What the caller decides about a FAT filesystem; nothing here comes from a clock or a random source.
 *
 * @param label volume label, up to 11 characters (upper-cased; blank for none)
 * @param serial volume serial number (32 bits), derived by the caller from a content hash
 * @param timeSeconds time of the volume label and the root directory, seconds since the epoch
 * @param type the FAT variant, or null to choose by size
 * @param sizeBytes size of the filesystem, a multiple of 512, or 0 to compute it from the contents
 * @param hiddenSectors sectors before the filesystem on its disk (its partition's first LBA), or 0
 */
public record FatOptions(String label, int serial, long timeSeconds, FatType type, long sizeBytes, long hiddenSectors) {
  public FatOptions {
    if (sizeBytes < 0 || sizeBytes % FatGeometry.SECTOR != 0) {
      throw new IllegalArgumentException("FAT size must be a multiple of 512 bytes (or 0 to compute it), not " + sizeBytes);
    }
  }

  public static FatOptions of(String label, int serial, long timeSeconds) {
    return new FatOptions(label, serial, timeSeconds, null, 0, 0);
  }

  public FatOptions withType(FatType forced) {
    return new FatOptions(label, serial, timeSeconds, forced, sizeBytes, hiddenSectors);
  }

  public FatOptions withSize(long bytes) {
    return new FatOptions(label, serial, timeSeconds, type, bytes, hiddenSectors);
  }

  public FatOptions withHiddenSectors(long sectors) {
    return new FatOptions(label, serial, timeSeconds, type, sizeBytes, sectors);
  }
}
