package dev.imgc.fs.iso;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The two date formats of ISO 9660, always in UTC, from seconds the caller gives. */
final class IsoTime {
  private static final DateTimeFormatter VOLUME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss'00'");

  private IsoTime() {}

  /** 9.1.5: seven bytes, years since 1900 (clamped to 1900-2155), month, day, hour, minute, second, zone. */
  static byte[] recordDate(long seconds) {
    LocalDateTime t = clamp(seconds, 1900, 2155);
    return new byte[] {(byte) (t.getYear() - 1900), (byte) t.getMonthValue(), (byte) t.getDayOfMonth(),
        (byte) t.getHour(), (byte) t.getMinute(), (byte) t.getSecond(), 0};
  }

  /** 8.4.26.1: sixteen digits and a zone byte, for the volume descriptor's dates. */
  static String volumeDate(long seconds) {
    return clamp(seconds, 1, 9999).format(VOLUME);
  }

  private static LocalDateTime clamp(long seconds, int firstYear, int lastYear) {
    long min = LocalDateTime.of(firstYear, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    long max = LocalDateTime.of(lastYear, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);
    return LocalDateTime.ofEpochSecond(Math.max(min, Math.min(max, seconds)), 0, ZoneOffset.UTC);
  }
}
