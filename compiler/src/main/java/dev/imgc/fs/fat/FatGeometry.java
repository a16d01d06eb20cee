package dev.imgc.fs.fat;

import dev.imgc.fs.block.LayoutException;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Where everything of a FAT filesystem lies, in 512-byte sectors: reserved area, two FATs, the fixed
 * root directory (FAT12/16 only), then the clusters.
 */
record FatGeometry(FatType type, int sectorsPerCluster, int reservedSectors, long fatSectors, int rootEntries,
    long clusterCount, long totalSectors) {

  static final int SECTOR = 512;
  static final int FAT_COUNT = 2;
  static final int FIXED_ROOT_ENTRIES = 512;
  /** Clusters of up to 4 KiB are what every tool expects of FAT12/16; larger ones only when forced. */
  private static final int PREFERRED_MAX_SECTORS_PER_CLUSTER = 8;
  private static final int MAX_SECTORS_PER_CLUSTER = 64;

  int clusterBytes() {
    return sectorsPerCluster * SECTOR;
  }

  long rootSectors() {
    return (long) rootEntries * 32 / SECTOR;
  }

  long fatStart() {
    return reservedSectors;
  }

  long rootStart() {
    return reservedSectors + FAT_COUNT * fatSectors;
  }

  long dataStart() {
    return rootStart() + rootSectors();
  }

  /**
   * The smallest filesystem holding the contents plus some slack to add files later.
   *
   * @param clustersNeeded the clusters the contents take, for a given cluster size in bytes
   */
  static FatGeometry forContents(FatType forced, LongUnaryOperator clustersNeeded) {
    for (FatType type : candidates(forced)) {
      for (int spc = 1; spc <= maxSectorsPerCluster(forced, type); spc *= 2) {
        long needed = clustersNeeded.applyAsLong((long) spc * SECTOR);
        long clusters = Math.max(needed + needed / 8 + 16, type.minClusters);
        if (clusters <= type.maxClusters) {
          int reserved = reservedSectors(type);
          long fat = fatSectors(type, clusters);
          long total = reserved + FAT_COUNT * fat + rootEntries(type) * 32L / SECTOR + clusters * spc;
          return new FatGeometry(type, spc, reserved, fat, rootEntries(type), clusters, total);
        }
      }
    }
    throw new LayoutException("the contents are too large for a FAT filesystem (over 16 TiB)");
  }

  /** The layout of a filesystem of exactly {@code totalSectors}, whatever the contents. */
  static FatGeometry forSize(FatType forced, long totalSectors) {
    for (FatType type : candidates(forced)) {
      for (int spc = firstSectorsPerCluster(type, totalSectors); spc <= maxSectorsPerCluster(forced, type); spc *= 2) {
        int reserved = reservedSectors(type);
        long rootSectors = rootEntries(type) * 32L / SECTOR;
        long fat = fatSectors(type, Math.max(0, totalSectors - reserved - rootSectors) / spc);
        long clusters = (totalSectors - reserved - rootSectors - FAT_COUNT * fat) / spc;
        if (clusters >= type.minClusters && clusters <= type.maxClusters) {
          return new FatGeometry(type, spc, reserved, fat, rootEntries(type), clusters, totalSectors);
        }
      }
    }
    String which = forced == null ? "any FAT variant" : forced.name();
    throw new LayoutException(String.format("a FAT filesystem of %d bytes cannot be %s (FAT32 needs at least 33 MiB);"
        + " choose another size or leave the size to be computed", totalSectors * SECTOR, which));
  }

  /** FAT32 volumes over 260 MiB get 4 KiB clusters at least, as Microsoft's table has it: FATs stay small. */
  private static int firstSectorsPerCluster(FatType type, long totalSectors) {
    return type == FatType.FAT32 && totalSectors > 260L * 2048 ? 8 : 1;
  }

  private static List<FatType> candidates(FatType forced) {
    return forced == null ? List.of(FatType.values()) : List.of(forced);
  }

  private static int maxSectorsPerCluster(FatType forced, FatType type) {
    return forced == null && type != FatType.FAT32 ? PREFERRED_MAX_SECTORS_PER_CLUSTER : MAX_SECTORS_PER_CLUSTER;
  }

  private static int reservedSectors(FatType type) {
    return type == FatType.FAT32 ? 32 : 1;
  }

  private static int rootEntries(FatType type) {
    return type == FatType.FAT32 ? 0 : FIXED_ROOT_ENTRIES;
  }

  private static long fatSectors(FatType type, long clusters) {
    long bytes = ((clusters + 2) * type.bits + 7) / 8;
    return (bytes + SECTOR - 1) / SECTOR;
  }
}
