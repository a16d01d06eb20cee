package dev.imgc.fs.ext4;

import java.util.ArrayList;
import java.util.List;

/**
 * Where ext4's fixed metadata lies: block groups of 32768 blocks, the superblock and group descriptor
 * copies in groups 0, 1 and the powers of 3, 5 and 7 (sparse_super), and, per flexible group
 * (flex_bg), the block bitmaps, inode bitmaps and inode tables of all its groups packed together
 * after the first group's superblock copy.
 *
 * @param blocks the filesystem's block count
 * @param inodesPerGroup inodes in each group, a multiple of the inodes one table block holds
 * @param logGroupsPerFlex log2 of the groups in a flexible group
 */
record Geometry(long blocks, int inodesPerGroup, int logGroupsPerFlex) {
  static final int BLOCKS_PER_GROUP = 8 * Ext4Image.BLOCK;
  static final int INODES_PER_BLOCK = Ext4Image.BLOCK / Ext4Image.INODE_SIZE;
  static final int DESCRIPTOR_SIZE = 64;
  private static final int MAX_LOG_FLEX = 4;

  /** A run of blocks [start, end) the allocator must leave alone. */
  record Run(long start, long end) {}

  /**
   * The geometry of {@code blocks} blocks with at least {@code inodes} inodes, or null when they
   * cannot be laid out (more inodes than the groups hold, metadata larger than its group).
   */
  static Geometry of(long blocks, long inodes) {
    long groups = (blocks + BLOCKS_PER_GROUP - 1) / BLOCKS_PER_GROUP;
    long perGroup = (inodes + groups - 1) / groups;
    perGroup = Math.max(INODES_PER_BLOCK, (perGroup + INODES_PER_BLOCK - 1) / INODES_PER_BLOCK * INODES_PER_BLOCK);
    if (perGroup > BLOCKS_PER_GROUP || groups > Integer.MAX_VALUE / BLOCKS_PER_GROUP) {
      return null;
    }
    for (int log = MAX_LOG_FLEX; log >= 0; log--) {
      Geometry geometry = new Geometry(blocks, (int) perGroup, log);
      if (geometry.fits()) {
        return geometry;
      }
    }
    return null;
  }

  int groups() {
    return (int) ((blocks + BLOCKS_PER_GROUP - 1) / BLOCKS_PER_GROUP);
  }

  long inodes() {
    return (long) groups() * inodesPerGroup;
  }

  int inodeTableBlocks() {
    return inodesPerGroup / INODES_PER_BLOCK;
  }

  int descriptorBlocks() {
    return (groups() * DESCRIPTOR_SIZE + Ext4Image.BLOCK - 1) / Ext4Image.BLOCK;
  }

  long groupStart(int group) {
    return (long) group * BLOCKS_PER_GROUP;
  }

  long groupEnd(int group) {
    return Math.min(groupStart(group) + BLOCKS_PER_GROUP, blocks);
  }

  /** Whether {@code group} holds a copy of the superblock and descriptors: 0, 1 and powers of 3, 5, 7. */
  static boolean hasSuperblock(int group) {
    return group <= 1 || isPower(group, 3) || isPower(group, 5) || isPower(group, 7);
  }

  private static boolean isPower(int value, int base) {
    long power = base;
    while (power < value) {
      power *= base;
    }
    return power == value;
  }

  /** Blocks a group's superblock copy and descriptor table take at its start. */
  int superblockBlocks(int group) {
    return hasSuperblock(group) ? 1 + descriptorBlocks() : 0;
  }

  private int flexSize() {
    return 1 << logGroupsPerFlex;
  }

  private int flexLeader(int group) {
    return group >> logGroupsPerFlex << logGroupsPerFlex;
  }

  private int groupsInFlex(int leader) {
    return Math.min(flexSize(), groups() - leader);
  }

  private long flexMetadataStart(int leader) {
    return groupStart(leader) + superblockBlocks(leader);
  }

  long blockBitmap(int group) {
    int leader = flexLeader(group);
    return flexMetadataStart(leader) + (group - leader);
  }

  long inodeBitmap(int group) {
    int leader = flexLeader(group);
    return flexMetadataStart(leader) + groupsInFlex(leader) + (group - leader);
  }

  long inodeTable(int group) {
    int leader = flexLeader(group);
    return flexMetadataStart(leader) + 2L * groupsInFlex(leader) + (long) (group - leader) * inodeTableBlocks();
  }

  /** The end of the bitmaps and inode tables a flexible group's first group holds. */
  private long flexMetadataEnd(int leader) {
    return flexMetadataStart(leader) + (long) groupsInFlex(leader) * (2 + inodeTableBlocks());
  }

  /** Every group's metadata fits in its group, and the last group has room for a block besides. */
  private boolean fits() {
    for (int group = 0; group < groups(); group++) {
      long end = group % flexSize() == 0 ? flexMetadataEnd(group) : groupStart(group) + superblockBlocks(group);
      if (end >= groupEnd(group)) {
        return false;
      }
    }
    return true;
  }

  /** The runs of fixed metadata, in block order: superblock copies with descriptors, flexible groups' tables. */
  List<Run> metadataRuns() {
    List<Run> runs = new ArrayList<>();
    for (int group = 0; group < groups(); group++) {
      long start = groupStart(group);
      long end = start + superblockBlocks(group);
      if (group % flexSize() == 0) {
        end = flexMetadataEnd(group);
      }
      if (end > start) {
        runs.add(new Run(start, end));
      }
    }
    return runs;
  }

  long metadataBlocks() {
    return metadataRuns().stream().mapToLong(run -> run.end() - run.start()).sum();
  }
}
