package dev.imgc.fs.ext4;

import dev.imgc.fs.block.ByteFields;
import java.util.List;

/**
 * Each block group's bitmaps and descriptor, computed from the layout: blocks below the allocator's
 * high-water mark and the fixed metadata are in use, inodes up to the last one given are in use.
 */
final class GroupTables {
  private static final int ITABLE_ZEROED = 0x4;

  private final Geometry geometry;
  private final long highWaterMark;
  private final int lastInode;
  private final int[] directories;
  private final List<Geometry.Run> metadata;
  private final int checksumSeed;

  GroupTables(Geometry geometry, long highWaterMark, int lastInode, int[] directoriesPerGroup, int checksumSeed) {
    this.geometry = geometry;
    this.highWaterMark = highWaterMark;
    this.lastInode = lastInode;
    this.directories = directoriesPerGroup.clone();
    this.metadata = geometry.metadataRuns();
    this.checksumSeed = checksumSeed;
  }

  /** Blocks of the group neither below the high-water mark nor fixed metadata. */
  long freeBlocks(int group) {
    long from = Math.max(geometry.groupStart(group), highWaterMark);
    long end = geometry.groupEnd(group);
    long free = Math.max(0, end - from);
    for (Geometry.Run run : metadata) {
      free -= Math.max(0, Math.min(run.end(), end) - Math.max(run.start(), from));
    }
    return free;
  }

  long freeBlocks() {
    long free = 0;
    for (int g = 0; g < geometry.groups(); g++) {
      free += freeBlocks(g);
    }
    return free;
  }

  private int usedInodes(int group) {
    long first = (long) group * geometry.inodesPerGroup();
    return (int) Math.max(0, Math.min(geometry.inodesPerGroup(), lastInode - first));
  }

  long freeInodes() {
    return geometry.inodes() - lastInode;
  }

  /** A group's block bitmap; blocks past the filesystem's end are marked used, as ext4 wants. */
  byte[] blockBitmap(int group) {
    byte[] bitmap = new byte[Ext4Image.BLOCK];
    long start = geometry.groupStart(group);
    long end = geometry.groupEnd(group);
    long usedEnd = Math.min(end, Math.max(start, highWaterMark));
    setBits(bitmap, 0, (int) (usedEnd - start));
    for (Geometry.Run run : metadata) {
      long from = Math.max(run.start(), usedEnd);
      long to = Math.min(run.end(), end);
      if (from < to) {
        setBits(bitmap, (int) (from - start), (int) (to - start));
      }
    }
    setBits(bitmap, (int) (end - start), Geometry.BLOCKS_PER_GROUP);
    return bitmap;
  }

  /** A group's inode bitmap; the bits past the group's inodes, up to the block's end, are set. */
  byte[] inodeBitmap(int group) {
    byte[] bitmap = new byte[Ext4Image.BLOCK];
    setBits(bitmap, 0, usedInodes(group));
    setBits(bitmap, geometry.inodesPerGroup(), Ext4Image.BLOCK * 8);
    return bitmap;
  }

  private static void setBits(byte[] bitmap, int from, int to) {
    for (int bit = from; bit < to; bit++) {
      bitmap[bit >>> 3] |= (byte) (1 << (bit & 7));
    }
  }

  /** The descriptor table, as many blocks as it takes. */
  byte[] descriptors() {
    ByteFields table = new ByteFields(geometry.descriptorBlocks() * Ext4Image.BLOCK);
    for (int g = 0; g < geometry.groups(); g++) {
      int at = g * Geometry.DESCRIPTOR_SIZE;
      long blockBitmap = geometry.blockBitmap(g);
      long inodeBitmap = geometry.inodeBitmap(g);
      long inodeTable = geometry.inodeTable(g);
      long free = freeBlocks(g);
      int freeInodes = geometry.inodesPerGroup() - usedInodes(g);
      int blockSum = Crc32c.update(checksumSeed, blockBitmap(g));
      int inodeSum = Crc32c.update(checksumSeed, inodeBitmap(g), 0, geometry.inodesPerGroup() / 8);
      table.le32(at, blockBitmap).le32(at + 4, inodeBitmap).le32(at + 8, inodeTable)
          .le16(at + 12, (int) free).le16(at + 14, freeInodes).le16(at + 16, directories[g]).le16(at + 18, ITABLE_ZEROED)
          .le16(at + 24, blockSum).le16(at + 26, inodeSum).le16(at + 28, freeInodes)
          .le32(at + 32, blockBitmap >>> 32).le32(at + 36, inodeBitmap >>> 32).le32(at + 40, inodeTable >>> 32)
          .le16(at + 44, (int) (free >>> 16)).le16(at + 46, freeInodes >>> 16).le16(at + 48, directories[g] >>> 16)
          .le16(at + 50, freeInodes >>> 16).le16(at + 56, blockSum >>> 16).le16(at + 58, inodeSum >>> 16);
      int crc = Crc32c.updateLe32(checksumSeed, g);
      crc = Crc32c.update(crc, table.array(), at, Geometry.DESCRIPTOR_SIZE);
      table.le16(at + 30, crc);
    }
    return table.array();
  }
}
