package dev.imgc.inspect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An extended attribute as a pax record holds it, in either spelling tar tools write:
 *
 * <ul>
 *   <li>{@code SCHILY.xattr.NAME=VALUE} (star, GNU tar, libarchive): VALUE is the attribute's bytes.
 *   <li>{@code LIBARCHIVE.xattr.NAME=VALUE} (libarchive, so bsdtar): VALUE is the bytes in base64,
 *       libarchive leaving the last group unpadded.
 * </ul>
 *
 * In both, each {@code %XX} of NAME is undone into the byte XX: GNU tar writes a {@code %} or {@code
 * =} of a name as {@code %25} or {@code %3D} and every other byte as it is, and libarchive, in both
 * spellings, also writes so every byte that is not printable ASCII; undoing every escape reads each
 * as its writer meant ({@code %} not followed by two hex digits stays as it is). libarchive writes each
 * attribute in both spellings, which then name the same attribute with the same value.
 *
 * @param name the attribute's full name ({@code user.mime_type}, {@code security.capability})
 * @param hex its value's bytes in lowercase hex
 */
record PaxXattr(String name, String hex) {
  private static final String SCHILY = "SCHILY.xattr.";
  private static final String LIBARCHIVE = "LIBARCHIVE.xattr.";

  /** The attribute {@code record} holds, or empty for a record of anything else (or of no name). */
  static Optional<PaxXattr> of(PaxRecord record) throws IOException {
    String keyword = record.keyword();
    boolean base64 = keyword.startsWith(LIBARCHIVE);
    if (!(base64 || keyword.startsWith(SCHILY)) || keyword.length() == (base64 ? LIBARCHIVE : SCHILY).length()) {
      return Optional.empty();
    }
    String name = unescaped(keyword.substring((base64 ? LIBARCHIVE : SCHILY).length()));
    byte[] value = record.value();
    if (base64) {
      try {
        value = Base64.getDecoder().decode(value);
      } catch (IllegalArgumentException e) {
        throw new IOException("a tar member's " + LIBARCHIVE + "NAME pax record holds a value that is not base64");
      }
    }
    return Optional.of(new PaxXattr(name, HexFormat.of().formatHex(value)));
  }

  private static String unescaped(String escaped) {
    byte[] bytes = escaped.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream name = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      int high = bytes[i] == '%' && i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
      int low = high < 0 ? -1 : Character.digit(bytes[i + 2], 16);
      if (low < 0) {
        name.write(bytes[i]);
      } else {
        name.write(high << 4 | low);
        i += 2;
      }
    }
    return name.toString(StandardCharsets.UTF_8);
  }
}
