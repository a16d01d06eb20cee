package dev.imgc.fs.block;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A fixed-size on-disk structure (a sector, a descriptor, a table entry) filled field by field at
 * byte offsets, in the byte orders disk formats use: little-endian (FAT, MBR, GPT), big-endian and
 * ISO 9660's "both-endian" (the value little-endian, then again big-endian).
 */
public final class ByteFields {
  private final byte[] bytes;

  public ByteFields(int size) {
    this.bytes = new byte[size];
  }

  public byte[] array() {
    return bytes;
  }

  public int size() {
    return bytes.length;
  }

  public ByteFields u8(int offset, int value) {
    bytes[offset] = (byte) value;
    return this;
  }

  public ByteFields le16(int offset, int value) {
    bytes[offset] = (byte) value;
    bytes[offset + 1] = (byte) (value >>> 8);
    return this;
  }

  public ByteFields le32(int offset, long value) {
    for (int i = 0; i < 4; i++) {
      bytes[offset + i] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  public ByteFields le64(int offset, long value) {
    for (int i = 0; i < 8; i++) {
      bytes[offset + i] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  public ByteFields be16(int offset, int value) {
    bytes[offset] = (byte) (value >>> 8);
    bytes[offset + 1] = (byte) value;
    return this;
  }

  public ByteFields be32(int offset, long value) {
    for (int i = 0; i < 4; i++) {
      bytes[offset + i] = (byte) (value >>> (8 * (3 - i)));
    }
    return this;
  }

  public ByteFields be64(int offset, long value) {
    return be32(offset, value >>> 32).be32(offset + 4, value & 0xFFFFFFFFL);
  }

  /** ISO 9660 7.2.3: a 16-bit value little-endian, then big-endian (4 bytes). */
  public ByteFields both16(int offset, int value) {
    return le16(offset, value).be16(offset + 2, value);
  }

  /** ISO 9660 7.3.3: a 32-bit value little-endian, then big-endian (8 bytes). */
  public ByteFields both32(int offset, long value) {
    return le32(offset, value).be32(offset + 4, value);
  }

  public ByteFields bytes(int offset, byte[] value) {
    System.arraycopy(value, 0, bytes, offset, value.length);
    return this;
  }

  /** {@code text} in ASCII, cut or padded with {@code pad} to exactly {@code length} bytes. */
  public ByteFields ascii(int offset, int length, String text, char pad) {
    byte[] value = text.getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(bytes, offset, offset + length, (byte) pad);
    System.arraycopy(value, 0, bytes, offset, Math.min(length, value.length));
    return this;
  }

  public int readLe16(int offset) {
    return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8;
  }

  public long readLe32(int offset) {
    return (readLe16(offset) | (long) readLe16(offset + 2) << 16) & 0xffffffffL;
  }
}
