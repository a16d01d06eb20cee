package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The disk in a qcow2 image (versions 2 and 3, as QEMU's {@code docs/interop/qcow2.txt} specifies):
 * each cluster found through the L1 and L2 tables, unallocated or zero-flagged clusters read as
 * zeros, compressed clusters inflated (raw deflate). Images that need another file (a backing file,
 * an external data file), encryption, zstd or extended L2 entries are refused by name.
 */
final class Qcow2Disk extends ChunkedDisk {
  static final int MAGIC = 0x514649fb;
  private static final long OFFSET_MASK = 0x00FFFFFFFFFFFE00L;
  private static final long COMPRESSED = 1L << 62;

  private final Region file;
  private final int clusterBits;
  private final long l1Offset;
  private final long l1Size;

  private Qcow2Disk(Region file, long size, int clusterBits, long l1Offset, long l1Size) {
    super(size, 1 << clusterBits);
    this.file = file;
    this.clusterBits = clusterBits;
    this.l1Offset = l1Offset;
    this.l1Size = l1Size;
  }

  static boolean recognises(Region file) throws IOException {
    return file.holds(0, 4) && file.read(0, 4).order(ByteOrder.BIG_ENDIAN).getInt() == MAGIC;
  }

  static Qcow2Disk open(Region file) throws IOException, InspectException {
    ByteBuffer h = file.read(0, 104).order(ByteOrder.BIG_ENDIAN);
    int version = h.getInt(4);
    if (version != 2 && version != 3) {
      throw new InspectException("is a qcow2 image of version " + version + "; imgc reads versions 2 and 3");
    }
    if (h.getLong(8) != 0) {
      throw new InspectException("is a qcow2 image with a backing file; inspect the image it is based on");
    }
    int clusterBits = h.getInt(20);
    if (clusterBits < 9 || clusterBits > 21) {
      throw new InspectException("is a qcow2 image with clusters of 2^" + clusterBits + " bytes, which qcow2 does not allow");
    }
    long size = h.getLong(24);
    if (h.getInt(32) != 0) {
      throw new InspectException("is an encrypted qcow2 image");
    }
    long l1Size = h.getInt(36) & 0xFFFFFFFFL;
    long l1Offset = h.getLong(40);
    if (version == 3) {
      long incompatible = h.getLong(72);
      // bit 0: left dirty, still readable; bit 3: a compression type other than zlib; others need more
      if ((incompatible & ~1L) != 0) {
        throw new InspectException("is a qcow2 image with features imgc does not read (incompatible features 0x"
            + Long.toHexString(incompatible) + ")");
      }
    }
    long perTable = (1L << clusterBits) / 8;
    if (size < 0 || l1Size < (size + (perTable << clusterBits) - 1) / (perTable << clusterBits)) {
      throw new InspectException("is a qcow2 image whose L1 table (" + l1Size + " entries) does not cover its "
          + size + " bytes");
    }
    return new Qcow2Disk(file, size, clusterBits, l1Offset, l1Size);
  }

  @Override
  byte[] chunk(long index) throws IOException {
    long perTable = chunkSize() / 8;
    long table = index / perTable;
    if (table >= l1Size) {
      throw new IOException("cluster " + index + " lies past the L1 table");
    }
    long l2 = file.read(l1Offset + table * 8, 8).order(ByteOrder.BIG_ENDIAN).getLong() & OFFSET_MASK;
    if (l2 == 0) {
      return null;
    }
    long entry = file.read(l2 + index % perTable * 8, 8).order(ByteOrder.BIG_ENDIAN).getLong();
    if ((entry & COMPRESSED) != 0) {
      int shift = 62 - (clusterBits - 8);
      long offset = entry & ((1L << shift) - 1);
      long sectors = (entry >>> shift & ((1L << (clusterBits - 8)) - 1)) + 1;
      // the last compressed cluster's sectors may reach past the end of the file: read what is there
      long length = Math.min(sectors * 512 - (offset & 511), file.length() - offset);
      if (length <= 0) {
        throw new IOException("compressed cluster " + index + " lies past the end of the file");
      }
      return inflate(bytes(file, offset, (int) length), chunkSize(), true, "compressed cluster " + index);
    }
    long offset = entry & OFFSET_MASK;
    if (offset == 0 || (entry & 1) != 0) {
      return null;
    }
    return bytes(file, offset, chunkSize());
  }
}
