package dev.imgc.inspect;

import java.nio.ByteBuffer;

/**
 * An ext4 inode's fields a listing needs, read from its on-disk bytes.
 *
 * @param type null for a socket, which no listing shows
 * @param raw the whole on-disk inode, where the extended attributes in the inode lie after the fixed fields
 */
record Ext4Inode(long number, EntryType type, int mode, long uid, long gid, long size, long mtime, int flags,
    long xattrBlock, ByteBuffer raw) {
  static final int EXTENTS_FL = 0x80000;

  /** The 60 bytes of {@code i_block}: the extent tree's root, the block map, a short symlink's target or a device. */
  ByteBuffer blockField() {
    return raw.slice(0x28, 60).order(raw.order());
  }

  /** Whether the inode's blocks are found through an extent tree rather than a block map. */
  boolean extents() {
    return (flags & EXTENTS_FL) != 0;
  }

  /** Whether its data is in blocks: every inode but a short ("fast") symlink's, whose target is in {@code i_block}. */
  boolean mapped() {
    return extents() || type != EntryType.SYMLINK || size >= 60;
  }
}
