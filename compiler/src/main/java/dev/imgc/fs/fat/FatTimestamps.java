package dev.imgc.fs.fat;

import dev.imgc.fs.block.ByteFields;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Re-dates files another tool added to a FAT filesystem (syslinux's installer writes {@code ldlinux.sys}
 * through mtools, dated with the clock): their directory entries get the times {@link FatImage} gives
 * its own entries, so the image's bytes no longer depend on when the tool ran.
 */
public final class FatTimestamps {
  private static final int ENTRY = 32;
  private static final int LONG_NAME = 0x0F;
  private static final int DELETED = 0xE5;
  private static final long FAT32_END = 0x0FFFFFF8L;

  private FatTimestamps() {}

  /**
   * Sets creation, access and modification times of the root directory's entries whose 8.3 names
   * ({@code "LDLINUX SYS"}, 11 characters, padded with spaces) are in {@code shortNames}, in the FAT
   * filesystem starting {@code offset} bytes into {@code image}. Returns how many entries it changed.
   */
  public static int redateRootEntries(Path image, long offset, Set<String> shortNames, long timeSeconds)
      throws IOException {
    int[] dos = DirectoryRecords.dosDateTime(timeSeconds);
    int changed = 0;
    try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (long[] region : rootDirectoryRegions(channel, offset)) {
        ByteFields entries = read(channel, region[0], (int) region[1]);
        byte[] bytes = entries.array();
        for (int at = 0; at + ENTRY <= bytes.length; at += ENTRY) {
          int first = bytes[at] & 0xff;
          if (first == 0) {
            break;
          }
          String name = new String(bytes, at, 11, StandardCharsets.US_ASCII);
          if (first != DELETED && (bytes[at + 11] & 0x3f) != LONG_NAME && shortNames.contains(name)) {
            entries.u8(at + 13, 0).le16(at + 14, dos[1]).le16(at + 16, dos[0]).le16(at + 18, dos[0])
                .le16(at + 22, dos[1]).le16(at + 24, dos[0]);
            changed++;
          }
        }
        channel.write(ByteBuffer.wrap(bytes), region[0]);
      }
    }
    return changed;
  }

  /** {position, length} of each piece of the root directory: one fixed region, or FAT32's cluster chain. */
  private static List<long[]> rootDirectoryRegions(FileChannel channel, long offset) throws IOException {
    ByteFields boot = read(channel, offset, 512);
    int bytesPerSector = boot.readLe16(11);
    int sectorsPerCluster = boot.array()[13] & 0xff;
    int reserved = boot.readLe16(14);
    int fats = boot.array()[16] & 0xff;
    int rootEntries = boot.readLe16(17);
    long fatSectors = boot.readLe16(22) != 0 ? boot.readLe16(22) : boot.readLe32(36);
    long fatStart = offset + (long) reserved * bytesPerSector;
    long afterFats = fatStart + fats * fatSectors * bytesPerSector;
    List<long[]> regions = new ArrayList<>();
    if (rootEntries != 0) {
      // FAT12/16: a fixed root directory right after the FATs.
      regions.add(new long[] {afterFats, (long) rootEntries * ENTRY});
      return regions;
    }
    // FAT32: the data area starts after the FATs; the root is a chain of clusters from the boot sector's.
    long clusterBytes = (long) sectorsPerCluster * bytesPerSector;
    for (long cluster = boot.readLe32(44); cluster >= 2 && cluster < FAT32_END;
        cluster = read(channel, fatStart + cluster * 4, 4).readLe32(0) & 0x0FFFFFFFL) {
      regions.add(new long[] {afterFats + (cluster - 2) * clusterBytes, clusterBytes});
      if (regions.size() > 1 << 16) {
        throw new IOException("the FAT32 root directory's cluster chain at offset " + offset + " loops");
      }
    }
    return regions;
  }

  private static ByteFields read(FileChannel channel, long position, int length) throws IOException {
    ByteFields fields = new ByteFields(length);
    ByteBuffer buffer = ByteBuffer.wrap(fields.array());
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("the FAT filesystem at offset " + position + " ends early");
      }
    }
    return fields;
  }
}
