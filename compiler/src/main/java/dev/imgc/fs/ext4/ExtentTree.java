package dev.imgc.fs.ext4;

import dev.imgc.fs.block.ByteFields;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's extent tree: up to four extents in the inode itself; more go to leaf blocks of 340, and
 * the inode (and, for very fragmented files, index blocks of 340) points at them.
 *
 * @param extents the file's extents in logical order
 * @param blocks the tree's blocks (leaves first, then each index level), empty when the inode holds all
 */
record ExtentTree(List<Extent> extents, List<Long> blocks) {
  private static final int MAGIC = 0xF30A;
  private static final int IN_INODE = 4;
  private static final int HEADER = 12;
  private static final int ENTRY = 12;
  static final int PER_BLOCK = (Ext4Image.BLOCK - HEADER - 4) / ENTRY;

  ExtentTree {
    extents = List.copyOf(extents);
    blocks = List.copyOf(blocks);
    if (blocks.size() != blocksNeeded(extents.size())) {
      throw new IllegalArgumentException(extents.size() + " extents take " + blocksNeeded(extents.size()) + " tree blocks, not " + blocks.size());
    }
  }

  /** The tree blocks {@code extentCount} extents need besides the inode. */
  static int blocksNeeded(int extentCount) {
    int total = 0;
    int level = extentCount;
    while (level > IN_INODE) {
      level = (level + PER_BLOCK - 1) / PER_BLOCK;
      total += level;
    }
    return total;
  }

  /** A node of the tree: the first logical block it maps and where it is (or its extent). */
  private record Child(long logical, long physical, int length) {}

  /** The 60 bytes of the inode's {@code i_block}: the tree's root. */
  byte[] root() {
    List<List<Child>> levels = levels();
    List<Child> top = levels.get(levels.size() - 1);
    return node(top, levels.size() - 1, IN_INODE, 60).array();
  }

  /** The tree blocks' contents, in the order of {@link #blocks()}, each ending in its checksum. */
  List<byte[]> blockContents(int inodeSeed) {
    List<List<Child>> levels = levels();
    List<byte[]> contents = new ArrayList<>();
    for (int depth = 0; depth < levels.size() - 1; depth++) {
      List<Child> children = levels.get(depth);
      for (int first = 0; first < children.size(); first += PER_BLOCK) {
        ByteFields block = node(children.subList(first, Math.min(children.size(), first + PER_BLOCK)), depth, PER_BLOCK,
            Ext4Image.BLOCK);
        int tail = HEADER + ENTRY * PER_BLOCK;
        block.le32(tail, Crc32c.update(inodeSeed, block.array(), 0, tail));
        contents.add(block.array());
      }
    }
    return contents;
  }

  /** The entries of each level, from the extents up to what the inode holds (at most four). */
  private List<List<Child>> levels() {
    List<List<Child>> levels = new ArrayList<>();
    List<Child> level = extents.stream().map(e -> new Child(e.logical(), e.physical(), e.length())).toList();
    levels.add(level);
    int nextBlock = 0;
    while (level.size() > IN_INODE) {
      List<Child> parents = new ArrayList<>();
      for (int first = 0; first < level.size(); first += PER_BLOCK) {
        parents.add(new Child(level.get(first).logical(), blocks.get(nextBlock++), 0));
      }
      level = parents;
      levels.add(level);
    }
    return levels;
  }

  /** A node at {@code depth} (0: a leaf of extents) holding {@code children}. */
  private static ByteFields node(List<Child> children, int depth, int max, int size) {
    ByteFields node = new ByteFields(size);
    node.le16(0, MAGIC).le16(2, children.size()).le16(4, max).le16(6, depth);
    for (int i = 0; i < children.size(); i++) {
      Child child = children.get(i);
      int at = HEADER + i * ENTRY;
      node.le32(at, child.logical());
      if (depth == 0) {
        node.le16(at + 4, child.length()).le16(at + 6, (int) (child.physical() >>> 32)).le32(at + 8, child.physical());
      } else {
        node.le32(at + 4, child.physical()).le16(at + 8, (int) (child.physical() >>> 32));
      }
    }
    return node;
  }
}
