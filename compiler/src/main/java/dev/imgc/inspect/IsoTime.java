package dev.imgc.inspect;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * ISO 9660's two ways of writing a time (ECMA-119 9.1.5 and 8.4.26.1), each with its offset from
 * UTC in 15-minute steps, as seconds since 1970. A time no calendar has (month 13) reads as 0.
 */
final class IsoTime {
  private IsoTime() {}

  /** Seven bytes: years since 1900, month, day, hour, minute, second, offset. */
  static long shortForm(ByteBuffer buffer, int at) {
    int[] b = new int[6];
    for (int i = 0; i < 6; i++) {
      b[i] = buffer.get(at + i) & 0xff;
    }
    return seconds(1900 + b[0], b[1], b[2], b[3], b[4], b[5], buffer.get(at + 6));
  }

  /** Seventeen bytes: "YYYYMMDDHHMMSScc" in ASCII digits, then the offset. */
  static long longForm(ByteBuffer buffer, int at) {
    return seconds(digits(buffer, at, 4), digits(buffer, at + 4, 2), digits(buffer, at + 6, 2),
        digits(buffer, at + 8, 2), digits(buffer, at + 10, 2), digits(buffer, at + 12, 2), buffer.get(at + 16));
  }

  private static int digits(ByteBuffer buffer, int at, int count) {
    int value = 0;
    for (int i = 0; i < count; i++) {
      int digit = buffer.get(at + i) - '0';
      value = value * 10 + (digit >= 0 && digit <= 9 ? digit : 0);
    }
    return value;
  }

  private static long seconds(int year, int month, int day, int hour, int minute, int second, byte quarterHours) {
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC)
          - quarterHours * 15L * 60;
    } catch (DateTimeException noSuchTime) {
      return 0;
    }
  }
}
