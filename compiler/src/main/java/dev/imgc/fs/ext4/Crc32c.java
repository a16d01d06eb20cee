package dev.imgc.fs.ext4;

/**
 * CRC32C (Castagnoli) as ext4's metadata_csum uses it: the raw register, no inversion before or
 * after, so a checksum can start from any seed ({@code ~0}, or the filesystem's seed) and be chained
 * over several pieces. {@link java.util.zip.CRC32C} cannot start from a given register, hence this.
 */
final class Crc32c {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int crc = i;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
      }
      TABLE[i] = crc;
    }
  }

  private Crc32c() {}

  static int update(int crc, byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    }
    return crc;
  }

  static int update(int crc, byte[] bytes) {
    return update(crc, bytes, 0, bytes.length);
  }

  /** Continues {@code crc} over the four little-endian bytes of {@code value} (an inode number, a generation). */
  static int updateLe32(int crc, int value) {
    for (int i = 0; i < 4; i++) {
      crc = TABLE[(crc ^ (value >>> (8 * i))) & 0xff] ^ (crc >>> 8);
    }
    return crc;
  }

  /** Continues {@code crc} over the eight little-endian bytes of {@code value} (a block number). */
  static int updateLe64(int crc, long value) {
    return updateLe32(updateLe32(crc, (int) value), (int) (value >>> 32));
  }
}
