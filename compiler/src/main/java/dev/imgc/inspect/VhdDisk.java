package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The disk in a VHD (Microsoft's "Virtual Hard Disk Image Format Specification"): a fixed disk's bytes
 * lie before its footer; a dynamic disk's are found block by block through its allocation table, an
 * unallocated block reading as zeros. Differencing disks, which need their parent, are refused.
 */
final class VhdDisk extends ChunkedDisk {
  private static final int FOOTER = 512;
  private static final int PIECE = 64 << 10;
  private static final long UNALLOCATED = 0xFFFFFFFFL;

  private final Region file;
  private final long tableOffset;
  private final long entries;
  private final long blockSize;
  private final long bitmapBytes;

  private VhdDisk(Region file, long size, long tableOffset, long entries, long blockSize) {
    super(size, (int) Math.min(PIECE, blockSize > 0 ? blockSize : PIECE));
    this.file = file;
    this.tableOffset = tableOffset;
    this.entries = entries;
    this.blockSize = blockSize;
    this.bitmapBytes = blockSize > 0 ? (blockSize / 512 / 8 + 511) / 512 * 512 : 0;
  }

  static boolean recognises(Region file) throws IOException {
    return file.length() >= FOOTER && cookie(file, file.length() - FOOTER, "conectix");
  }

  static VhdDisk open(Region file) throws IOException, InspectException {
    long footerAt = file.length() - FOOTER;
    ByteBuffer footer = file.read(footerAt, FOOTER).order(ByteOrder.BIG_ENDIAN);
    long stored = footer.getInt(64) & 0xFFFFFFFFL;
    if (stored != checksum(footer, 64)) {
      throw new InspectException("is a VHD whose footer checksum does not match: the footer is damaged");
    }
    long size = footer.getLong(48);
    int type = footer.getInt(60);
    if (size < 0 || size % 512 != 0) {
      throw new InspectException("is a VHD whose size field (" + size + ") is not whole sectors");
    }
    if (type == 2) {
      if (size > footerAt) {
        throw new InspectException("is a fixed VHD of " + size + " bytes cut to " + footerAt);
      }
      return new VhdDisk(file, size, 0, 0, 0);
    }
    if (type != 3) {
      throw new InspectException(type == 4 ? "is a differencing VHD; inspect its parent disk"
          : "is a VHD of disk type " + type + ", neither fixed nor dynamic");
    }
    long headerAt = footer.getLong(16);
    if (!file.holds(headerAt, 1024) || !cookie(file, headerAt, "cxsparse")) {
      throw new InspectException("is a dynamic VHD without its dynamic disk header");
    }
    ByteBuffer header = file.read(headerAt, 1024).order(ByteOrder.BIG_ENDIAN);
    if ((header.getInt(36) & 0xFFFFFFFFL) != checksum(header, 36)) {
      throw new InspectException("is a dynamic VHD whose header checksum does not match: the header is damaged");
    }
    long tableOffset = header.getLong(16);
    long entries = header.getInt(28) & 0xFFFFFFFFL;
    long blockSize = header.getInt(32) & 0xFFFFFFFFL;
    if (Long.bitCount(blockSize) != 1 || blockSize < 4096 || blockSize > 1L << 28) {
      throw new InspectException("is a dynamic VHD with blocks of " + blockSize + " bytes, not a power of two from 4 KiB to 256 MiB");
    }
    if (entries < (size + blockSize - 1) / blockSize) {
      throw new InspectException("is a dynamic VHD whose block table (" + entries + " entries) does not cover its " + size + " bytes");
    }
    return new VhdDisk(file, size, tableOffset, entries, blockSize);
  }

  @Override
  byte[] chunk(long index) throws IOException {
    long position = index * chunkSize();
    if (blockSize == 0) {
      return bytes(file, position, chunkSize());
    }
    long block = position / blockSize;
    if (block >= entries) {
      throw new IOException("block " + block + " lies past the block table");
    }
    long sector = file.read(tableOffset + block * 4, 4).order(ByteOrder.BIG_ENDIAN).getInt() & 0xFFFFFFFFL;
    if (sector == UNALLOCATED) {
      return null;
    }
    return bytes(file, sector * 512 + bitmapBytes + position % blockSize, chunkSize());
  }

  private static boolean cookie(Region file, long at, String cookie) throws IOException {
    byte[] bytes = new byte[8];
    file.read(at, 8).get(bytes);
    return new String(bytes, StandardCharsets.US_ASCII).equals(cookie);
  }

  /** The ones' complement of the byte sum, the 4 checksum bytes at {@code at} counted as zero. */
  private static long checksum(ByteBuffer bytes, int at) {
    long sum = 0;
    for (int i = 0; i < bytes.limit(); i++) {
      if (i < at || i >= at + 4) {
        sum += bytes.get(i) & 0xFF;
      }
    }
    return ~sum & 0xFFFFFFFFL;
  }
}
