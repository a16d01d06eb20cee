package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an ext4 inode's data lies: runs of logical blocks mapped to physical ones, from its extent
 * tree (ext4) or its block map (ext2/3); a logical block in no run, or in an uninitialised extent,
 * reads as zeros. Every tree node and map block read is spent from the {@link Budget}, so a tree
 * whose nodes point at one another many times over is refused rather than followed.
 */
final class Ext4Blocks {
  private static final int EXTENT_MAGIC = 0xF30A;
  private static final int MAX_DEPTH = 5;
  private static final int UNINITIALISED = 32768;

  /** {@code length} blocks from logical {@code logical} at physical {@code physical}; zeros when not {@code initialised}. */
  private record Run(long logical, long physical, long length, boolean initialised) {}

  private final Region image;
  private final Ext4Volume volume;
  private final Ext4Inode inode;
  private final Budget budget;
  private final long fileBlocks;
  private final List<Run> runs = new ArrayList<>();

  Ext4Blocks(Region image, Ext4Volume volume, Ext4Inode inode, Budget budget) throws IOException {
    this.image = image;
    this.volume = volume;
    this.inode = inode;
    this.budget = budget;
    this.fileBlocks = (inode.size() + volume.blockSize() - 1) / volume.blockSize();
    if (inode.extents()) {
      node(inode.blockField(), -1);
    } else {
      ByteBuffer map = inode.blockField();
      for (int i = 0; i < 12; i++) {
        add(new Run(i, map.getInt(i * 4) & 0xffffffffL, 1, true));
      }
      long perBlock = volume.blockSize() / 4;
      long logical = 12;
      for (int level = 1; level <= 3 && logical < fileBlocks; level++) {
        mapBlock(map.getInt((11 + level) * 4) & 0xffffffffL, level, logical);
        logical += pow(perBlock, level);
      }
    }
  }

  private static long pow(long base, int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      result *= base;
    }
    return result;
  }

  /** The blocks an indirect map block of {@code level} (1 single, 2 double, 3 triple) points at, from {@code logical}. */
  private void mapBlock(long number, int level, long logical) throws IOException {
    if (number == 0 || logical >= fileBlocks) {
      return;
    }
    budget.expand(volume.blockSize());
    ByteBuffer pointers = volume.block(number);
    long perBlock = volume.blockSize() / 4;
    long span = pow(perBlock, level - 1);
    for (int i = 0; i < perBlock; i++) {
      long pointer = pointers.getInt(i * 4) & 0xffffffffL;
      if (level == 1) {
        add(new Run(logical + i, pointer, 1, true));
      } else {
        mapBlock(pointer, level - 1, logical + i * span);
      }
    }
  }

  /** An extent tree node: its header, then leaves (depth 0) or indexes to nodes one level down. */
  private void node(ByteBuffer node, int expectedDepth) throws IOException {
    int entries = node.getShort(2) & 0xffff;
    int depth = node.getShort(6) & 0xffff;
    if ((node.getShort(0) & 0xffff) != EXTENT_MAGIC || 12 + entries * 12 > node.capacity() || depth > MAX_DEPTH
        || expectedDepth >= 0 && depth != expectedDepth) {
      throw new IOException("inode " + inode.number() + " has a malformed extent tree");
    }
    for (int i = 0; i < entries; i++) {
      int at = 12 + i * 12;
      long logical = node.getInt(at) & 0xffffffffL;
      if (depth == 0) {
        int length = node.getShort(at + 4) & 0xffff;
        boolean initialised = length <= UNINITIALISED;
        long physical = (node.getShort(at + 6) & 0xffffL) << 32 | node.getInt(at + 8) & 0xffffffffL;
        add(new Run(logical, physical, initialised ? length : length - UNINITIALISED, initialised));
      } else {
        long child = (node.getShort(at + 8) & 0xffffL) << 32 | node.getInt(at + 4) & 0xffffffffL;
        budget.expand(volume.blockSize());
        node(volume.block(child), depth - 1);
      }
    }
  }

  private void add(Run run) throws IOException {
    if (run.physical() == 0 || run.length() == 0 || run.logical() >= fileBlocks) {
      return; // a hole, or blocks past the end of the file (preallocated): read as nothing
    }
    Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
    if (last != null && run.logical() < last.logical() + last.length()) {
      throw new IOException("inode " + inode.number() + " maps a block twice, or out of order");
    }
    if (run.physical() <= volume.firstDataBlock() || run.physical() + run.length() > volume.blocks()) {
      throw new IOException("inode " + inode.number() + " maps blocks outside the filesystem");
    }
    if (last != null && last.initialised() == run.initialised() && last.logical() + last.length() == run.logical()
        && last.physical() + last.length() == run.physical()) {
      runs.set(runs.size() - 1, new Run(last.logical(), last.physical(), last.length() + run.length(), run.initialised()));
    } else {
      runs.add(run);
    }
  }

  /** Logical block {@code index}, or null when it is a hole. */
  ByteBuffer block(long index) throws IOException {
    for (Run run : runs) {
      if (index >= run.logical() && index < run.logical() + run.length()) {
        return run.initialised() ? volume.block(run.physical() + index - run.logical()) : null;
      }
    }
    return null;
  }

  /** The inode's {@link Ext4Inode#size()} bytes. */
  InputStream stream() {
    return new BulkInputStream() {
      private long position;
      private int next;

      @Override
      public int read(byte[] bytes, int off, int len) throws IOException {
        if (position >= inode.size()) {
          return -1;
        }
        long block = position / volume.blockSize();
        while (next < runs.size() && runs.get(next).logical() + runs.get(next).length() <= block) {
          next++;
        }
        Run run = next < runs.size() ? runs.get(next) : null;
        long end = inode.size();
        boolean data = run != null && run.logical() <= block && run.initialised();
        if (run != null && run.logical() <= block) {
          end = Math.min(end, (run.logical() + run.length()) * volume.blockSize());
        } else if (run != null) {
          end = Math.min(end, run.logical() * volume.blockSize());
        }
        int n = (int) Math.min(Math.min(len, 64 * 1024), end - position);
        if (data) {
          long at = (run.physical() - run.logical()) * volume.blockSize() + position;
          image.read(at, n).get(bytes, off, n);
        } else {
          java.util.Arrays.fill(bytes, off, off + n, (byte) 0);
        }
        position += n;
        return n;
      }
    };
  }
}
