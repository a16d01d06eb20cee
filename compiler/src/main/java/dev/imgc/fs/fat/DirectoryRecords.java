package dev.imgc.fs.fat;

import dev.imgc.fs.block.ByteFields;
import dev.imgc.fs.block.LayoutException;
import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Encodes FAT directory entries: the 32-byte short entry and the VFAT long-name entries before it. */
final class DirectoryRecords {
  static final int ENTRY = 32;
  static final int ATTR_VOLUME_LABEL = 0x08;
  static final int ATTR_DIRECTORY = 0x10;
  static final int ATTR_ARCHIVE = 0x20;
  private static final int ATTR_LONG_NAME = 0x0F;
  private static final int CHARS_PER_LONG_ENTRY = 13;
  private static final int[] LONG_CHAR_OFFSETS = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
  private static final String FORBIDDEN = "\"*/:<>?\\|";

  private DirectoryRecords() {}

  /** How many long-name entries {@code name} takes (0 when its short name holds it exactly). */
  static int longEntryCount(String name, String path) {
    if (ShortNames.isExactShortName(name)) {
      return 0;
    }
    if (name.length() > 255) {
      throw new LayoutException("'" + path + "' has a name of " + name.length() + " characters; FAT allows 255");
    }
    for (char c : name.toCharArray()) {
      if (c < 0x20 || FORBIDDEN.indexOf(c) >= 0) {
        throw new LayoutException("'" + path + "' holds the character " + (c < 0x20 ? "U+" + Integer.toHexString(c) : "'" + c + "'")
            + ", which FAT names cannot hold; rename it");
      }
    }
    return (name.length() + CHARS_PER_LONG_ENTRY - 1) / CHARS_PER_LONG_ENTRY;
  }

  /** The long-name entries for {@code name} (last part first, as stored), then nothing else. */
  static void writeLongEntries(ByteArrayOutputStream out, String name, byte[] shortName, int count) {
    int checksum = checksum(shortName);
    for (int seq = count; seq >= 1; seq--) {
      ByteFields e = new ByteFields(ENTRY);
      e.u8(0, seq == count ? seq | 0x40 : seq).u8(11, ATTR_LONG_NAME).u8(13, checksum);
      for (int i = 0; i < CHARS_PER_LONG_ENTRY; i++) {
        int index = (seq - 1) * CHARS_PER_LONG_ENTRY + i;
        int c = index < name.length() ? name.charAt(index) : index == name.length() ? 0 : 0xFFFF;
        e.le16(LONG_CHAR_OFFSETS[i], c);
      }
      out.writeBytes(e.array());
    }
  }

  static void writeShortEntry(ByteArrayOutputStream out, byte[] shortName, int attributes, long cluster, long size,
      long timeSeconds) {
    int[] dos = dosDateTime(timeSeconds);
    ByteFields e = new ByteFields(ENTRY);
    e.bytes(0, shortName).u8(11, attributes)
        .le16(14, dos[1]).le16(16, dos[0]).le16(18, dos[0])
        .le16(20, (int) (cluster >>> 16)).le16(22, dos[1]).le16(24, dos[0])
        .le16(26, (int) cluster).le32(28, size);
    out.writeBytes(e.array());
  }

  /** The VFAT checksum of an 11-byte short name, stored in each of its long-name entries. */
  static int checksum(byte[] shortName) {
    int sum = 0;
    for (byte b : shortName) {
      sum = (((sum & 1) << 7) + (sum >> 1) + (b & 0xff)) & 0xff;
    }
    return sum;
  }

  /** {date, time} in DOS format (UTC), clamped to the years FAT can hold, 1980 to 2107. */
  static int[] dosDateTime(long epochSeconds) {
    long min = LocalDateTime.of(1980, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    long max = LocalDateTime.of(2107, 12, 31, 23, 59, 58).toEpochSecond(ZoneOffset.UTC);
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.max(min, Math.min(max, epochSeconds)), 0, ZoneOffset.UTC);
    int date = (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
    int time = t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2;
    return new int[] {date, time};
  }
}
