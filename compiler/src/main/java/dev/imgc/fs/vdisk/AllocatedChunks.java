package dev.imgc.fs.vdisk;

import java.util.Arrays;

/**
 * The chunks of a disk a container stored, in the disk's order: each chunk's index and the table
 * entry that finds it. Memory grows with the data stored, not with the disk's size, so a mostly empty
 * terabyte disk costs what its data does.
 */
final class AllocatedChunks {
  private long[] indexes = new long[64];
  private long[] entries = new long[64];
  private int count;

  void add(long index, long entry) {
    if (count > 0 && index <= indexes[count - 1]) {
      throw new IllegalArgumentException("chunks are added in the disk's order: " + index + " after " + indexes[count - 1]);
    }
    if (count == indexes.length) {
      indexes = Arrays.copyOf(indexes, count * 2);
      entries = Arrays.copyOf(entries, count * 2);
    }
    indexes[count] = index;
    entries[count] = entry;
    count++;
  }

  int count() {
    return count;
  }

  long index(int i) {
    return indexes[i];
  }

  long entry(int i) {
    return entries[i];
  }
}
