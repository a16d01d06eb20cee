package dev.imgc.image.layer;

import dev.imgc.fs.XattrValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The extended attributes among pax records ({@code LENGTH KEY=VALUE\n}, LENGTH counting the whole
 * record), read from the records' raw bytes, since a value need not be text. Two spellings exist:
 *
 * <ul>
 *   <li>{@code SCHILY.xattr.NAME=VALUE}, star's and GNU tar's: the value is the attribute's bytes as
 *       they are. GNU tar writes a {@code %} or {@code =} in NAME as {@code %25} and {@code %3D}; libarchive
 *       URL-encodes NAME here too (as below). Since a {@code %} of the name itself is always written
 *       {@code %25}, decoding every {@code %XX} reads both tools' names right.
 *   <li>{@code LIBARCHIVE.xattr.NAME=VALUE}, libarchive's (bsdtar): NAME URL-encoded ({@code %} and two
 *       hex digits for every byte that is not printable ASCII, and for {@code %} and {@code =}), the
 *       value in base64 without line breaks, its last group unpadded.
 * </ul>
 *
 * libarchive writes both spellings of each attribute, the SCHILY one with its URL-encoded name; so
 * where any LIBARCHIVE record is present, the SCHILY records are left aside, and the attributes are
 * the LIBARCHIVE ones.
 */
final class PaxXattrs {
  private static final String SCHILY = "SCHILY.xattr.";
  private static final String LIBARCHIVE = "LIBARCHIVE.xattr.";
  /** A record's length field has at most this many digits: more would be past any header budget. */
  private static final int MAX_LENGTH_DIGITS = 9;

  private PaxXattrs() {}

  /** The attributes {@code records} (whole pax records, back to back) hold, by name. */
  static SortedMap<String, XattrValue> parse(byte[] records) throws IOException {
    SortedMap<String, XattrValue> schily = new TreeMap<>();
    SortedMap<String, XattrValue> libarchive = new TreeMap<>();
    int at = 0;
    while (at < records.length) {
      if (records[at] == '\n') {
        at++; // an empty line between records, which tar readers pass over
        continue;
      }
      int length = 0;
      int digits = at;
      for (; digits < records.length && records[digits] >= '0' && records[digits] <= '9'; digits++) {
        if (digits - at == MAX_LENGTH_DIGITS) {
          throw malformed();
        }
        length = length * 10 + records[digits] - '0';
      }
      int end = at + length;
      if (digits == at || digits >= records.length || records[digits] != ' ' || end <= digits + 1
          || end > records.length || records[end - 1] != '\n') {
        throw malformed();
      }
      int equals = digits + 1;
      while (equals < end - 1 && records[equals] != '=') {
        equals++;
      }
      if (equals == end - 1) {
        throw malformed();
      }
      String key = new String(records, digits + 1, equals - digits - 1, StandardCharsets.UTF_8);
      byte[] value = Arrays.copyOfRange(records, equals + 1, end - 1);
      if (key.startsWith(SCHILY) && key.length() > SCHILY.length()) {
        schily.put(urlDecoded(key.substring(SCHILY.length())), new XattrValue(value));
      } else if (key.startsWith(LIBARCHIVE) && key.length() > LIBARCHIVE.length()) {
        libarchive.put(urlDecoded(key.substring(LIBARCHIVE.length())), base64(key, value));
      }
      at = end;
    }
    return Collections.unmodifiableSortedMap(libarchive.isEmpty() ? schily : libarchive);
  }

  /** {@code %XX} as the byte XX; a {@code %} without two hex digits after it stays as it is, as libarchive reads it. */
  private static String urlDecoded(String keyword) {
    byte[] encoded = keyword.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream name = new ByteArrayOutputStream(encoded.length);
    for (int i = 0; i < encoded.length; i++) {
      int high = i + 2 < encoded.length && encoded[i] == '%' ? Character.digit(encoded[i + 1], 16) : -1;
      int low = high >= 0 ? Character.digit(encoded[i + 2], 16) : -1;
      if (low >= 0) {
        name.write(high << 4 | low);
        i += 2;
      } else {
        name.write(encoded[i]);
      }
    }
    return name.toString(StandardCharsets.UTF_8);
  }

  private static XattrValue base64(String key, byte[] value) throws IOException {
    try {
      return new XattrValue(Base64.getDecoder().decode(value));
    } catch (IllegalArgumentException e) {
      throw new IOException("the pax record " + key + " holds a value that is not base64, as libarchive writes it");
    }
  }

  private static IOException malformed() {
    return new IOException("a pax extended header holds a record that is not LENGTH KEY=VALUE and a newline");
  }
}
