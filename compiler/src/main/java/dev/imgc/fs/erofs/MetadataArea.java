package dev.imgc.fs.erofs;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each inode's record (the inode, its xattrs, its inline tail) goes in the metadata area: at a
 * multiple of 32 bytes (a nid counts 32-byte slots), never across a block boundary when it fits in
 * one block (the kernel reads an inline tail from the block of its inode). A record goes into the
 * first of a few partly filled blocks with room for it, else at the end of the area, so the gaps that
 * records too large for a block's rest leave behind are filled by later, smaller ones. The first
 * record is at 0.
 */
final class MetadataArea {
  private static final int SLOT = 32;
  /** How many partly filled blocks are looked at: enough to fill most gaps, few enough to stay quick. */
  private static final int OPEN_BLOCKS = 32;

  private final int blockSize;
  /** Partly filled blocks before the last: each {start, bytes used}. */
  private final List<long[]> open = new ArrayList<>();
  private long end;

  MetadataArea(int blockSize) {
    this.blockSize = blockSize;
  }

  /** The offset in the area of a new record of {@code size} bytes. */
  long place(long size) {
    long slots = align(size);
    if (size <= blockSize) {
      for (int i = 0; i < open.size(); i++) {
        long[] block = open.get(i);
        if (block[1] + size <= blockSize) {
          long at = block[0] + block[1];
          block[1] += slots;
          if (block[1] >= blockSize) {
            open.remove(i);
          }
          return at;
        }
      }
      if (end % blockSize + size <= blockSize || end % blockSize == 0) {
        long at = end;
        end += slots;
        return at;
      }
    }
    long used = end % blockSize;
    long start = end - used;
    if (used > 0) {
      open.add(new long[] {start, used});
      if (open.size() > OPEN_BLOCKS) {
        open.remove(fullest());
      }
    }
    long at = start + (used > 0 ? blockSize : 0);
    end = at + slots;
    return at;
  }

  /** The bytes the area takes, up to the end of its last record. */
  long size() {
    return end;
  }

  private int fullest() {
    int fullest = 0;
    for (int i = 1; i < open.size(); i++) {
      if (open.get(i)[1] > open.get(fullest)[1]) {
        fullest = i;
      }
    }
    return fullest;
  }

  private static long align(long size) {
    return (size + SLOT - 1) / SLOT * SLOT;
  }
}
