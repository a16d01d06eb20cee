package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Lists the files of a FAT12, FAT16 or FAT32 filesystem with their long names (VFAT). FAT has no
 * owners or permissions: everything lists as 0:0, directories 0755, files 0644, or 0444 when
 * read-only, as Linux's vfat shows them by default.
 */
final class FatReader {
  private static final int ENTRY = 32;
  private static final int ATTR_READ_ONLY = 0x01;
  private static final int ATTR_VOLUME_ID = 0x08;
  private static final int ATTR_DIRECTORY = 0x10;
  private static final int ATTR_LONG_NAME = 0x0f;
  private static final int LOWERCASE_BASE = 0x08;
  private static final int LOWERCASE_EXTENSION = 0x10;
  private static final int LAST_LONG_ENTRY = 0x40;

  private final Region volume;
  private final FatVolume geometry;
  private ByteBuffer cachedFatSector;
  private long cachedFatSectorOffset = -1;

  private FatReader(Region volume, FatVolume geometry) {
    this.volume = volume;
    this.geometry = geometry;
  }

  /** Lists a FAT image that is the whole artifact. */
  static void readVolume(Region volume, ReadScope scope) throws IOException, InspectException {
    FatVolume fat = FatVolume.probe(volume);
    scope.add(read(volume, fat, "fat (" + fat.type() + ")", scope));
  }

  /** Lists the volume as a part titled {@code title}, with a row describing the filesystem. */
  static Part read(Region volume, FatVolume geometry, String title, ReadScope scope) throws IOException, InspectException {
    PartBuilder part = scope.part(title);
    part.row(Row.builder().put("type", geometry.type()).put("label", geometry.label())
        .put("serial", serial(geometry.serial())).put("cluster-size", geometry.clusterBytes())
        .put("clusters", geometry.clusterCount()).build());
    new FatReader(volume, geometry).walk(part, scope);
    return part.build();
  }

  private static String serial(long serial) {
    String hex = HexFormat.of().withUpperCase().toHexDigits((int) serial);
    return hex.substring(0, 4) + "-" + hex.substring(4);
  }

  /** A directory to read: its path, and its first cluster (0 for FAT12/16's fixed root). */
  private record Pending(String path, long cluster) {}

  private void walk(PartBuilder part, ReadScope scope) throws IOException, InspectException {
    Deque<Pending> directories = new ArrayDeque<>();
    directories.add(new Pending("", geometry.type().equals("FAT32") ? geometry.rootCluster() : 0));
    Set<Long> visited = new HashSet<>();
    while (!directories.isEmpty()) {
      Pending directory = directories.poll();
      if (!visited.add(directory.cluster())) {
        throw new InspectException("is a FAT filesystem whose directories form a loop at " + SafeText.escape(directory.path()));
      }
      InputStream records = directory.cluster() == 0
          ? volume.stream(geometry.rootDirectoryOffset(), (long) geometry.rootEntries() * ENTRY)
          : chain(directory.cluster(), Long.MAX_VALUE, directory.path());
      StringBuilder longName = new StringBuilder();
      int longChecksum = -1;
      byte[] record = new byte[ENTRY];
      while (records.readNBytes(record, 0, ENTRY) == ENTRY && record[0] != 0) {
        ByteBuffer entry = ByteBuffer.wrap(record).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int attributes = record[11] & 0xff;
        if ((record[0] & 0xff) == 0xe5) {
          longName.setLength(0);
          continue;
        }
        if ((attributes & 0x3f) == ATTR_LONG_NAME) {
          if ((record[0] & LAST_LONG_ENTRY) != 0) {
            longName.setLength(0);
            longChecksum = record[13] & 0xff;
          }
          longName.insert(0, longNamePiece(record));
          continue;
        }
        String shortName = shortName(record);
        String name = longName.length() > 0 && longChecksum == checksum(record) ? longName.toString() : shortName;
        longName.setLength(0);
        if ((attributes & ATTR_VOLUME_ID) != 0 || name.equals(".") || name.equals("..")) {
          continue;
        }
        String path = directory.path().isEmpty() ? name : directory.path() + "/" + name;
        long cluster = (long) (entry.getShort(20) & 0xffff) << 16 | (entry.getShort(26) & 0xffff);
        boolean readOnly = (attributes & ATTR_READ_ONLY) != 0;
        if ((attributes & ATTR_DIRECTORY) != 0) {
          part.add(ListedEntry.of(path, EntryType.DIR, readOnly ? 0555 : 0755, 0, 0).withMtime(modified(entry)));
          directories.add(new Pending(path, cluster));
        } else {
          long size = Integer.toUnsignedLong(entry.getInt(28));
          Digest.Result content;
          try (InputStream in = size == 0 ? InputStream.nullInputStream() : chain(cluster, size, path)) {
            content = scope.file(path, in);
          }
          if (content.size() != size) {
            throw new InspectException("is a FAT filesystem whose cluster chain of " + SafeText.escape(path)
                + " ends before the file's " + size + " bytes");
          }
          part.add(ListedEntry.file(path, readOnly ? 0444 : 0644, 0, 0, content).withMtime(modified(entry)));
        }
      }
    }
  }

  /** The first {@code limit} bytes of a cluster chain, streamed cluster by cluster. */
  private InputStream chain(long first, long limit, String path) {
    return new BulkInputStream() {
      private long cluster = first;
      private long remaining = limit;
      private long followed;
      private InputStream current = InputStream.nullInputStream();

      @Override
      public int read(byte[] bytes, int off, int len) throws IOException {
        while (remaining > 0) {
          int n = current.read(bytes, off, (int) Math.min(len, remaining));
          if (n > 0) {
            remaining -= n;
            return n;
          }
          if (cluster < 2 || cluster >= 2 + geometry.clusterCount()) {
            return -1;
          }
          if (++followed > geometry.clusterCount()) {
            throw new IOException("the cluster chain of " + path + " loops");
          }
          current = volume.stream(geometry.clusterOffset(cluster), geometry.clusterBytes());
          cluster = next(cluster);
        }
        return -1;
      }
    };
  }

  /** The FAT's entry for {@code cluster}: the next cluster, or an end-of-chain mark (returned as 0). */
  private long next(long cluster) throws IOException {
    long next;
    switch (geometry.type()) {
      case "FAT12" -> {
        int pair = fatBytes(cluster + cluster / 2, 2);
        next = (cluster & 1) == 0 ? pair & 0xfff : pair >>> 4;
        return next >= 0xff7 ? 0 : next;
      }
      case "FAT16" -> {
        next = fatBytes(cluster * 2, 2);
        return next >= 0xfff7 ? 0 : next;
      }
      default -> {
        next = Integer.toUnsignedLong(fatBytes(cluster * 4, 4)) & 0x0fffffffL;
        return next >= 0x0ffffff7L ? 0 : next;
      }
    }
  }

  /** {@code count} bytes (2 or 4) of the first FAT, little-endian; a FAT12 pair may cross sectors. */
  private int fatBytes(long offset, int count) throws IOException {
    int value = 0;
    for (int i = 0; i < count; i++) {
      long at = geometry.fatOffset() + offset + i;
      long sector = at - at % geometry.bytesPerSector();
      if (sector != cachedFatSectorOffset) {
        cachedFatSector = volume.read(sector, geometry.bytesPerSector());
        cachedFatSectorOffset = sector;
      }
      value |= (cachedFatSector.get((int) (at - sector)) & 0xff) << (8 * i);
    }
    return value;
  }

  /**
   * A directory entry's last write time: a DOS date and time, in local time that FAT does not name,
   * read as UTC (as imgc writes it, and as Linux's vfat does with {@code tz=UTC}).
   */
  private static long modified(ByteBuffer entry) {
    int time = entry.getShort(22) & 0xffff;
    int date = entry.getShort(24) & 0xffff;
    int month = Math.max(1, Math.min(12, date >>> 5 & 0x0f));
    int day = Math.max(1, Math.min(java.time.YearMonth.of(1980 + (date >>> 9), month).lengthOfMonth(), date & 0x1f));
    java.time.LocalDateTime when = java.time.LocalDateTime.of(1980 + (date >>> 9), month, day,
        Math.min(23, time >>> 11), Math.min(59, time >>> 5 & 0x3f), Math.min(59, (time & 0x1f) * 2));
    return when.toEpochSecond(java.time.ZoneOffset.UTC);
  }

  /** 13 UCS-2 characters of a long name, ending at a NUL. */
  private static String longNamePiece(byte[] record) {
    StringBuilder piece = new StringBuilder();
    for (int offset : new int[] {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30}) {
      char c = (char) ((record[offset] & 0xff) | (record[offset + 1] & 0xff) << 8);
      if (c == 0) {
        break;
      }
      piece.append(c);
    }
    return piece.toString();
  }

  private static String shortName(byte[] record) {
    byte[] raw = record.clone();
    if ((raw[0] & 0xff) == 0x05) {
      raw[0] = (byte) 0xe5; // a name starting with 0xE5 is stored as 0x05
    }
    String base = new String(raw, 0, 8, StandardCharsets.ISO_8859_1).stripTrailing();
    String extension = new String(raw, 8, 3, StandardCharsets.ISO_8859_1).stripTrailing();
    int caseFlags = record[12] & 0xff;
    if ((caseFlags & LOWERCASE_BASE) != 0) {
      base = base.toLowerCase(Locale.ROOT);
    }
    if ((caseFlags & LOWERCASE_EXTENSION) != 0) {
      extension = extension.toLowerCase(Locale.ROOT);
    }
    return extension.isEmpty() ? base : base + "." + extension;
  }

  /** The checksum of a short name that its long-name entries carry. */
  private static int checksum(byte[] record) {
    int sum = 0;
    for (int i = 0; i < 11; i++) {
      sum = (((sum & 1) << 7) + (sum >>> 1) + (record[i] & 0xff)) & 0xff;
    }
    return sum;
  }
}
