package dev.imgc.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One record of a pax extended header, {@code LENGTH KEYWORD=VALUE} and a newline, LENGTH being the
 * whole record's length in decimal (POSIX {@code pax}, "pax Extended Header"): the keyword as UTF-8
 * text, the value as the archive's bytes, since an extended attribute's value need not be text.
 */
record PaxRecord(String keyword, byte[] value) {
  /** The digits of a length past any header {@link PaxBytesTarInputStream} reads (7 for 4 MiB). */
  private static final int MAX_LENGTH_DIGITS = 8;

  /** The records of one header's content, in order; anything that is not a record is damage. */
  static List<PaxRecord> parse(byte[] header) throws IOException {
    List<PaxRecord> records = new ArrayList<>();
    int start = 0;
    while (start < header.length) {
      if (header[start] == '\n') {
        start++; // a blank line between records, which tar readers pass over
        continue;
      }
      int space = start;
      long length = 0;
      while (space < header.length && space - start < MAX_LENGTH_DIGITS && header[space] >= '0' && header[space] <= '9') {
        length = length * 10 + header[space] - '0';
        space++;
      }
      if (space == start || space >= header.length || header[space] != ' ' || length > header.length - start) {
        throw damaged();
      }
      int end = start + (int) length; // one past the record's newline
      int equals = space + 1;
      while (equals < end - 1 && header[equals] != '=') {
        equals++;
      }
      if (end <= space + 1 || header[end - 1] != '\n' || equals >= end - 1 || equals == space + 1) {
        throw damaged();
      }
      records.add(new PaxRecord(new String(header, space + 1, equals - space - 1, StandardCharsets.UTF_8),
          Arrays.copyOfRange(header, equals + 1, end - 1)));
      start = end;
    }
    return records;
  }

  /** The value as text, as the keywords of POSIX's own fields (mtime, path, uid) hold it. */
  String text() {
    return new String(value, StandardCharsets.UTF_8);
  }

  private static IOException damaged() {
    return new IOException("a tar member's pax header holds a record that is not LENGTH KEYWORD=VALUE and a newline,"
        + " LENGTH counting the whole record");
  }
}
