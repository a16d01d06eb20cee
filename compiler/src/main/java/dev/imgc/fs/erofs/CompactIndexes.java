package dev.imgc.fs.erofs;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A compressed file's logical cluster indexes in erofs's compact form ({@code
 * EROFS_INODE_COMPRESSED_COMPACT} with {@code Z_EROFS_ADVISE_COMPACTED_2B}), what mkfs.erofs writes by
 * default and the kernel's {@code zmap.c} reads: after the 8-byte map header, indexes of 4 bytes up to
 * the next 32-byte boundary, then packs of 16 indexes in 32 bytes (2 bytes each), then 4-byte indexes
 * for the clusters left over, in packs of 2 in 8 bytes. A pack holds, per cluster, 12 bits (where an
 * extent starts in it, or a distance in clusters) and 2 of type, then a 4-byte block address from which
 * each head's block is counted: one block per extent, the first head's being the address plus one.
 * A {@code NONHEAD} cluster holds the distance back to its extent's head, or, the last of its pack, the
 * distance on to the next head (the kernel finds the other from the cluster before it).
 *
 * <p>Indexes are given front to back and each pack is written once full, so memory holds one pack.
 */
final class CompactIndexes {
  private static final int TYPE_SHIFT = 12;
  private static final int NONHEAD = 2;

  private final FileChannel out;
  private final long start;
  private final long initial4b;
  private final long compact2b;
  private final int[] values = new int[16];
  /** How many indexes were given. */
  private long cluster;
  /** How many of them are in the pack not yet written. */
  private int count;
  private long base;
  private boolean hasHead;

  /** Indexes from {@code start} (8 bytes past the map header's alignment) for a file of {@code clusters} clusters. */
  CompactIndexes(FileChannel out, long start, long clusters) {
    this.out = out;
    this.start = start;
    this.initial4b = initial4b(start, clusters);
    this.compact2b = compact2b(start, clusters);
  }

  /** The bytes the indexes of {@code clusters} clusters take from {@code start}, the last pack whole. */
  static long size(long start, long clusters) {
    long packed = compact2b(start, clusters);
    if (packed == 0) {
      return (clusters + 1) / 2 * 8; // 4-byte indexes only, in packs of 2
    }
    long initial = initial4b(start, clusters);
    return initial * 4 + packed * 2 + (clusters - initial - packed + 1) / 2 * 8;
  }

  /** 4-byte indexes up to the first 32-byte boundary (an even count: {@code start} is 8-aligned). */
  private static long initial4b(long start, long clusters) {
    long initial = (32 - start % 32) / 4 % 8;
    return Math.min(initial, clusters);
  }

  private static long compact2b(long start, long clusters) {
    return (clusters - initial4b(start, clusters)) / 16 * 16;
  }

  /** The index of a cluster where an extent of {@code type} starts, {@code offset} bytes in, its data at {@code block}. */
  void head(int type, int offset, long block) throws IOException {
    if (!hasHead) {
      base = block - 1;
      hasHead = true;
    }
    add(type << TYPE_SHIFT | offset);
  }

  /** The index of a cluster inside an extent: {@code back} clusters after its head, {@code on} before the next. */
  void nonHead(int back, int on) throws IOException {
    add(NONHEAD << TYPE_SHIFT | (count == packCount() - 1 ? on : back));
  }

  /** Writes the last pack, when it is not full. */
  void finish() throws IOException {
    if (count > 0) {
      write();
    }
  }

  private void add(int value) throws IOException {
    values[count++] = value;
    cluster++;
    if (count == packCount()) {
      write();
    }
  }

  /** How many indexes the pack of the next cluster holds: 16 in the 2-byte stretch, else 2. */
  private int packCount() {
    long at = cluster - count; // the pack's first cluster
    return at >= initial4b && at < initial4b + compact2b ? 16 : 2;
  }

  private void write() throws IOException {
    int indexes = packCount();
    long first = cluster - count;
    int packSize = indexes == 16 ? 32 : 8;
    int bits = (packSize - 4) * 8 / indexes;
    byte[] pack = new byte[packSize];
    for (int i = 0; i < count; i++) {
      int bit = bits * i;
      long value = (long) values[i] << (bit & 7);
      for (int b = 0; b < 3 && bit / 8 + b < packSize - 4; b++) {
        pack[bit / 8 + b] |= (byte) (value >>> (8 * b));
      }
    }
    int address = (int) (hasHead ? base : 0);
    pack[packSize - 4] = (byte) address;
    pack[packSize - 3] = (byte) (address >>> 8);
    pack[packSize - 2] = (byte) (address >>> 16);
    pack[packSize - 1] = (byte) (address >>> 24);
    ErofsWriter.writeAt(out, pack, position(first));
    count = 0;
    hasHead = false;
  }

  /** Where the pack holding cluster {@code first} starts. */
  private long position(long first) {
    if (first < initial4b) {
      return start + first * 4;
    }
    if (first < initial4b + compact2b) {
      return start + initial4b * 4 + (first - initial4b) * 2;
    }
    return start + initial4b * 4 + compact2b * 2 + (first - initial4b - compact2b) * 4;
  }
}
