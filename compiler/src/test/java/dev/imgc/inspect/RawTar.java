package dev.imgc.inspect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A tar archive put together block by block, for headers no tool writes on purpose: ustar members,
 * and pax headers ({@code x}, {@code g}) holding any bytes as their records (POSIX {@code pax},
 * "ustar Interchange Format" and "pax Extended Header").
 */
final class RawTar {
  private static final int BLOCK = 512;
  private final ByteArrayOutputStream blocks = new ByteArrayOutputStream();

  /** A member of {@code type} ({@code '0'} a file, {@code 'x'}, {@code 'g'} a pax header) holding {@code content}. */
  RawTar member(String name, char type, long mtime, byte[] content) {
    byte[] header = new byte[BLOCK];
    field(header, 0, 100, name);
    field(header, 100, 8, "0000644");
    field(header, 108, 8, "0000000");
    field(header, 116, 8, "0000000");
    field(header, 124, 12, String.format("%011o", content.length));
    field(header, 136, 12, String.format("%011o", mtime));
    header[156] = (byte) type;
    field(header, 257, 6, "ustar");
    field(header, 263, 2, "00");
    Arrays.fill(header, 148, 156, (byte) ' '); // the checksum counts its own field as spaces
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    field(header, 148, 8, String.format("%06o", sum));
    blocks.writeBytes(header);
    blocks.writeBytes(content);
    blocks.writeBytes(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
    return this;
  }

  /** A file member holding its own name as text. */
  RawTar file(String name, long mtime) {
    return member(name, '0', mtime, name.getBytes(StandardCharsets.UTF_8));
  }

  /** A pax header of {@code type} ({@code 'x'} for the next member, {@code 'g'} for all after it). */
  RawTar pax(char type, byte[] records) {
    return member("PaxHeaders/" + type, type, 0, records);
  }

  /** The archive, ended by its two zero blocks. */
  byte[] bytes() {
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    archive.writeBytes(blocks.toByteArray());
    archive.writeBytes(new byte[2 * BLOCK]);
    return archive.toByteArray();
  }

  /** One well-formed record, {@code LENGTH KEYWORD=VALUE\n}, LENGTH counting its own digits too. */
  static byte[] record(String keyword, byte[] value) {
    byte[] key = keyword.getBytes(StandardCharsets.UTF_8);
    int rest = 1 + key.length + 1 + value.length + 1; // space, keyword, '=', value, newline
    int length = rest + 1;
    while (Integer.toString(length).length() + rest != length) {
      length = Integer.toString(length).length() + rest;
    }
    ByteArrayOutputStream record = new ByteArrayOutputStream(length);
    record.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
    record.writeBytes(key);
    record.write('=');
    record.writeBytes(value);
    record.write('\n');
    return record.toByteArray();
  }

  static byte[] record(String keyword, String value) {
    return record(keyword, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void field(byte[] header, int offset, int width, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, header, offset, Math.min(width, bytes.length));
  }
}
