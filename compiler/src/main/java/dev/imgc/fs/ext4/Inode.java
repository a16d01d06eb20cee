package dev.imgc.fs.ext4;

import dev.imgc.fs.block.ByteFields;

/**
 * One inode as the table stores it: 256 bytes, the 128 of the original layout and 32 extra (times'
 * high bits, creation time, the checksum's high half), then the in-inode extended attributes.
 *
 * @param type the file type bits of the mode ({@code 0100000} a file, {@code 040000} a directory, …)
 * @param blocks the filesystem blocks the inode owns (data, extent tree, attribute block)
 * @param flags {@code i_flags}: {@link #EXTENTS} when {@code iBlock} holds an extent tree
 * @param iBlock the 60 bytes of {@code i_block}: an extent tree's root, a short symlink's target, a device number
 * @param xattrBlock the attribute block, or 0
 * @param xattrArea the in-inode attribute area, or null
 */
record Inode(int type, int permissions, int uid, int gid, long timeSeconds, long size, int links, long blocks,
    int flags, byte[] iBlock, long xattrBlock, byte[] xattrArea) {
  static final int REGULAR = 0100000;
  static final int DIRECTORY = 040000;
  static final int SYMLINK = 0120000;
  static final int CHARACTER = 020000;
  static final int BLOCK = 060000;
  static final int FIFO = 010000;
  static final int EXTENTS = 0x80000;

  /** The inode's bytes with its checksum, which covers {@code number} and the filesystem's seed. */
  byte[] encode(int number, int checksumSeed) {
    ByteFields inode = new ByteFields(Ext4Image.INODE_SIZE);
    int time = (int) timeSeconds;
    int epoch = (int) ((timeSeconds - time) >> 32) & 3;
    long sectors = blocks * (Ext4Image.BLOCK / 512);
    inode.le16(0, type | permissions).le16(2, uid).le32(4, size).le32(8, time).le32(12, time).le32(16, time)
        .le16(24, gid).le16(26, links).le32(28, sectors).le32(32, flags).bytes(40, iBlock)
        .le32(104, xattrBlock).le32(108, size >>> 32)
        .le16(116, (int) (sectors >>> 32)).le16(118, (int) (xattrBlock >>> 32)).le16(120, uid >>> 16).le16(122, gid >>> 16)
        .le16(128, Ext4Image.EXTRA_ISIZE).le32(132, epoch).le32(136, epoch).le32(140, epoch).le32(144, time).le32(148, epoch);
    if (xattrArea != null) {
      inode.bytes(128 + Ext4Image.EXTRA_ISIZE, xattrArea);
    }
    checksum(inode, number, checksumSeed);
    return inode.array();
  }

  /** A reserved inode no file uses: zero but for its checksum, as mke2fs leaves them. */
  static byte[] reserved(int number, int checksumSeed) {
    ByteFields inode = new ByteFields(Ext4Image.INODE_SIZE);
    checksum(inode, number, checksumSeed);
    return inode.array();
  }

  private static void checksum(ByteFields inode, int number, int checksumSeed) {
    int crc = Crc32c.update(seed(number, checksumSeed), inode.array());
    inode.le16(124, crc);
    if (inode.readLe16(128) >= 4) {
      inode.le16(130, crc >>> 16);
    }
  }

  /** What an inode's own metadata checksums start from: the filesystem's seed, its number and generation (0). */
  static int seed(int number, int checksumSeed) {
    return Crc32c.updateLe32(Crc32c.updateLe32(checksumSeed, number), 0);
  }
}
