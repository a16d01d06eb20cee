package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The disk in a hosted sparse VMDK extent (VMware's "Virtual Disk Format 1.1": monolithicSparse and
 * streamOptimized): each grain found through the grain directory and its grain table, an absent grain
 * reading as zeros, a compressed grain (streamOptimized) inflated from behind its marker.
 */
final class VmdkDisk extends ChunkedDisk {
  static final int MAGIC = 0x564d444b;
  private static final long GD_AT_END = -1;
  private static final int COMPRESSED = 1 << 16;
  private static final int MARKERS = 1 << 17;

  private final Region file;
  private final long directory;
  private final long perTable;
  private final boolean compressed;
  private final boolean markers;

  private VmdkDisk(Region file, long size, int grainBytes, long directory, long perTable, boolean compressed,
      boolean markers) {
    super(size, grainBytes);
    this.file = file;
    this.directory = directory;
    this.perTable = perTable;
    this.compressed = compressed;
    this.markers = markers;
  }

  static boolean recognises(Region file) throws IOException {
    return file.holds(0, 4) && file.read(0, 4).getInt() == MAGIC;
  }

  static VmdkDisk open(Region file) throws IOException, InspectException {
    ByteBuffer h = file.read(0, 512);
    int version = h.getInt(4);
    if (version < 1 || version > 3) {
      throw new InspectException("is a VMDK sparse extent of version " + version + "; imgc reads versions 1 to 3");
    }
    int flags = h.getInt(8);
    long capacity = h.getLong(12);
    long grainSectors = h.getLong(20);
    long perTable = h.getInt(44) & 0xFFFFFFFFL;
    long directory = h.getLong(56);
    if (directory == GD_AT_END) {
      // streamOptimized: the header at the end (before the end-of-stream marker) knows where the directory is
      if (file.length() < 1536) {
        throw new InspectException("is a streamOptimized VMDK without its footer");
      }
      ByteBuffer footer = file.read(file.length() - 1024, 512);
      if (footer.getInt(0) != MAGIC) {
        throw new InspectException("is a streamOptimized VMDK without its footer");
      }
      directory = footer.getLong(56);
    }
    if (Long.bitCount(grainSectors) != 1 || grainSectors < 8 || grainSectors > 4096) {
      throw new InspectException("is a VMDK with grains of " + grainSectors + " sectors, not a power of two from 8 to 4096");
    }
    if (perTable < 1 || perTable > 1 << 16) {
      throw new InspectException("is a VMDK with " + perTable + " entries per grain table");
    }
    if (capacity < 0 || capacity > Long.MAX_VALUE / 512) {
      throw new InspectException("is a VMDK whose capacity (" + capacity + " sectors) cannot be");
    }
    boolean compressed = (flags & COMPRESSED) != 0;
    if (compressed && (h.getShort(77) & 0xFFFF) != 1) {
      throw new InspectException("is a VMDK compressed other than with deflate");
    }
    return new VmdkDisk(file, capacity * 512, (int) grainSectors * 512, directory, perTable, compressed,
        (flags & MARKERS) != 0);
  }

  @Override
  byte[] chunk(long index) throws IOException {
    long table = file.read(directory * 512 + index / perTable * 4, 4).getInt() & 0xFFFFFFFFL;
    if (table == 0) {
      return null;
    }
    long grain = file.read(table * 512 + index % perTable * 4, 4).getInt() & 0xFFFFFFFFL;
    if (grain <= 1) {
      return null;
    }
    if (!compressed) {
      return bytes(file, grain * 512, chunkSize());
    }
    // a compressed grain: its LBA (8 bytes), its length (4), then zlib data; without markers, no LBA
    int header = markers ? 12 : 4;
    long length = file.read(grain * 512 + header - 4, 4).getInt() & 0xFFFFFFFFL;
    if (length > 2L * chunkSize() + 1024) {
      throw new IOException("grain " + index + " says it holds " + length + " compressed bytes");
    }
    return inflate(bytes(file, grain * 512 + header, (int) length), chunkSize(), false, "grain " + index);
  }
}
