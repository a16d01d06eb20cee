package dev.imgc.fs.erofs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A directory's contents as erofs stores them: its entries, {@code .} and {@code ..} included, sorted
 * by their names' bytes (the kernel looks names up by binary search), packed into blocks. Each block
 * starts with one 12-byte record per entry (the inode's nid, where its name starts in the block, its
 * file type) and then the names, back to back and not terminated: a name ends where the next one
 * starts, the last at the end of the used bytes, which a block that is not the last pads with zeros.
 * The last block holds only what it uses, so the directory's size is that of its full blocks plus
 * those bytes.
 */
final class DirectoryBlocks {
  static final int RECORD_SIZE = 12;

  /** One entry: a name (UTF-8 bytes), the nid of its inode and its type as {@code FT_*} numbers it. */
  record Dirent(byte[] name, long nid, int fileType) {}

  private static final Comparator<byte[]> BY_BYTES = Arrays::compareUnsigned;

  private DirectoryBlocks() {}

  /** The names sorted as erofs looks them up: unsigned bytes, a prefix before the longer names it starts. */
  static List<Dirent> sorted(List<Dirent> entries) {
    List<Dirent> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Dirent::name, BY_BYTES));
    return sorted;
  }

  /** The size in bytes of a directory whose sorted names have these lengths. */
  static long size(List<Integer> nameLengths, int blockSize) {
    long size = 0;
    int used = 0;
    for (int length : nameLengths) {
      if (used + RECORD_SIZE + length > blockSize) {
        size += blockSize;
        used = 0;
      }
      used += RECORD_SIZE + length;
    }
    return size + used;
  }

  /** The directory's bytes, {@link #size} of them, for {@code entries} in {@link #sorted} order. */
  static byte[] encode(List<Dirent> entries, int blockSize) {
    long size = size(entries.stream().map(e -> e.name().length).toList(), blockSize);
    ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
    int first = 0;
    long blockStart = 0;
    while (first < entries.size()) {
      int end = first;
      int used = 0;
      while (end < entries.size() && used + RECORD_SIZE + entries.get(end).name().length <= blockSize) {
        used += RECORD_SIZE + entries.get(end).name().length;
        end++;
      }
      int nameOffset = (end - first) * RECORD_SIZE;
      int at = (int) blockStart;
      for (int i = first; i < end; i++) {
        Dirent entry = entries.get(i);
        bytes.putLong(at, entry.nid()).putShort(at + 8, (short) nameOffset).put(at + 10, (byte) entry.fileType());
        bytes.put(Math.toIntExact(blockStart + nameOffset), entry.name());
        nameOffset += entry.name().length;
        at += RECORD_SIZE;
      }
      blockStart += blockSize;
      first = end;
    }
    return bytes.array();
  }
}
