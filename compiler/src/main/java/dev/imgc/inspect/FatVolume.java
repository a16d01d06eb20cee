package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The geometry of a FAT filesystem from its boot sector's BIOS parameter block, and the type it
 * implies: as the FAT specification says, the count of clusters alone decides FAT12, FAT16 or FAT32.
 */
record FatVolume(int bytesPerSector, int sectorsPerCluster, long reservedSectors, int fatCount, long fatSectors,
    int rootEntries, long totalSectors, long rootCluster, String type, long clusterCount, String label, long serial) {

  private static final int MAX_FAT12_CLUSTERS = 4084;
  private static final int MAX_FAT16_CLUSTERS = 65524;

  /** The boot sector's fields, or null if {@code image} does not start with a plausible FAT boot sector. */
  static FatVolume probe(Region image) throws IOException {
    if (!image.holds(0, 512)) {
      return null;
    }
    ByteBuffer boot = image.read(0, 512);
    int jump = boot.get(0) & 0xff;
    int bytesPerSector = boot.getShort(11) & 0xffff;
    int sectorsPerCluster = boot.get(13) & 0xff;
    int reserved = boot.getShort(14) & 0xffff;
    int fats = boot.get(16) & 0xff;
    int rootEntries = boot.getShort(17) & 0xffff;
    long total = (boot.getShort(19) & 0xffff) != 0 ? boot.getShort(19) & 0xffff : Integer.toUnsignedLong(boot.getInt(32));
    long fatSectors = (boot.getShort(22) & 0xffff) != 0 ? boot.getShort(22) & 0xffff : Integer.toUnsignedLong(boot.getInt(36));
    boolean plausible = (jump == 0xeb || jump == 0xe9) && (boot.getShort(510) & 0xffff) == 0xaa55
        && Integer.bitCount(bytesPerSector) == 1 && bytesPerSector >= 512 && bytesPerSector <= 4096
        && Integer.bitCount(sectorsPerCluster) == 1 && reserved >= 1 && fats >= 1 && total > 0 && fatSectors > 0;
    if (!plausible) {
      return null;
    }
    long rootSectors = ((long) rootEntries * 32 + bytesPerSector - 1) / bytesPerSector;
    long dataSectors = total - (reserved + fats * fatSectors + rootSectors);
    if (dataSectors <= 0) {
      return null;
    }
    long clusters = dataSectors / sectorsPerCluster;
    String type = clusters <= MAX_FAT12_CLUSTERS ? "FAT12" : clusters <= MAX_FAT16_CLUSTERS ? "FAT16" : "FAT32";
    int extended = type.equals("FAT32") ? 64 : 36;
    String label = "";
    long serial = 0;
    if ((boot.get(extended + 2) & 0xff) == 0x29) {
      serial = Integer.toUnsignedLong(boot.getInt(extended + 3));
      byte[] name = new byte[11];
      boot.get(extended + 7, name);
      label = new String(name, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
    }
    long rootCluster = type.equals("FAT32") ? Integer.toUnsignedLong(boot.getInt(44)) : 0;
    return new FatVolume(bytesPerSector, sectorsPerCluster, reserved, fats, fatSectors, rootEntries, total,
        rootCluster, type, clusters, label, serial);
  }

  long clusterBytes() {
    return (long) bytesPerSector * sectorsPerCluster;
  }

  long fatOffset() {
    return reservedSectors * bytesPerSector;
  }

  /** Where FAT12 and FAT16 keep their fixed-size root directory. */
  long rootDirectoryOffset() {
    return (reservedSectors + fatCount * fatSectors) * bytesPerSector;
  }

  long dataOffset() {
    return rootDirectoryOffset() + ((long) rootEntries * 32 + bytesPerSector - 1) / bytesPerSector * bytesPerSector;
  }

  long clusterOffset(long cluster) {
    return dataOffset() + (cluster - 2) * clusterBytes();
  }
}
