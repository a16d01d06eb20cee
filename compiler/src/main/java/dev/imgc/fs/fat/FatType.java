package dev.imgc.fs.fat;

/**
 * The three FAT variants. Which one a filesystem is follows only from its cluster count (this is how
 * every reader decides), so each variant has a range of cluster counts it must stay inside. The
 * ranges keep 16 clusters away from the boundaries (4084/4085 and 65524/65525), as Microsoft's FAT
 * specification advises: readers that count slightly differently (syslinux's installer refuses a
 * FAT12 of 4081 clusters) still agree on the variant.
 */
public enum FatType {
  FAT12(12, 1, 4084 - 16, "FAT12   "),
  FAT16(16, 4085 + 16, 65524 - 16, "FAT16   "),
  FAT32(32, 65525 + 16, 0x0FFFFFF5L, "FAT32   ");

  final int bits;
  final long minClusters;
  final long maxClusters;
  final String label;

  FatType(int bits, long minClusters, long maxClusters, String label) {
    this.bits = bits;
    this.minClusters = minClusters;
    this.maxClusters = maxClusters;
    this.label = label;
  }

  /** The end-of-chain marker, also the value of FAT entry 1. */
  long endOfChain() {
    return this == FAT32 ? 0x0FFFFFFFL : (1L << bits) - 1;
  }

  /** FAT entry 0: the media descriptor (0xF8, fixed disk) with every higher bit set. */
  long mediaEntry() {
    return endOfChain() & ~0xFFL | 0xF8;
  }
}
