package dev.imgc.fs.ext4;

import dev.imgc.fs.block.ByteFields;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The superblock: the filesystem's figures and features, 1024 bytes, at byte 1024 and copied at the
 * start of every group {@link Geometry#hasSuperblock} names (each copy says which group holds it).
 * The features are mke2fs's ext4 defaults less resize_inode (nothing here grows a filesystem online
 * by reserved descriptor blocks).
 */
record Superblock(Geometry geometry, long freeBlocks, long freeInodes, Ext4Options options, byte[] journalBlocks,
    long journalSize) {
  static final int SIZE = 1024;
  static final int HAS_JOURNAL = 0x4;
  static final int EXT_ATTR = 0x8;
  static final int DIR_INDEX = 0x20;
  static final int FILETYPE = 0x2;
  static final int EXTENTS_FEATURE = 0x40;
  static final int BIT64 = 0x80;
  static final int FLEX_BG = 0x200;
  static final int SPARSE_SUPER = 0x1;
  static final int LARGE_FILE = 0x2;
  static final int HUGE_FILE = 0x8;
  static final int DIR_NLINK = 0x20;
  static final int EXTRA_ISIZE_FEATURE = 0x40;
  static final int METADATA_CSUM = 0x400;

  /** The seed of every metadata checksum: CRC32C of the UUID. */
  static int checksumSeed(UUID uuid) {
    return Crc32c.update(~0, bytes(uuid));
  }

  static byte[] bytes(UUID uuid) {
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
  }

  /** The superblock as group {@code group} stores it. */
  byte[] encode(int group) {
    ByteFields sb = new ByteFields(SIZE);
    long time = options.timeSeconds();
    sb.le32(0x0, geometry.inodes()).le32(0x4, geometry.blocks()).le32(0xC, freeBlocks).le32(0x10, freeInodes)
        .le32(0x14, 0).le32(0x18, Ext4Image.LOG_BLOCK - 10).le32(0x1C, Ext4Image.LOG_BLOCK - 10)
        .le32(0x20, Geometry.BLOCKS_PER_GROUP).le32(0x24, Geometry.BLOCKS_PER_GROUP).le32(0x28, geometry.inodesPerGroup())
        .le32(0x30, time).le16(0x36, 0xFFFF).le16(0x38, 0xEF53).le16(0x3A, 1).le16(0x3C, 1)
        .le32(0x40, time).le32(0x4C, 1)
        .le32(0x54, Ext4Image.FIRST_INODE).le16(0x58, Ext4Image.INODE_SIZE).le16(0x5A, group)
        .le32(0x5C, HAS_JOURNAL | EXT_ATTR | DIR_INDEX)
        .le32(0x60, FILETYPE | EXTENTS_FEATURE | BIT64 | FLEX_BG)
        .le32(0x64, SPARSE_SUPER | LARGE_FILE | HUGE_FILE | DIR_NLINK | EXTRA_ISIZE_FEATURE | METADATA_CSUM)
        .bytes(0x68, bytes(options.uuid()))
        .bytes(0x78, options.label().getBytes(StandardCharsets.UTF_8))
        .le32(0xE0, Ext4Image.JOURNAL_INODE)
        .bytes(0xEC, bytes(options.hashSeed())).u8(0xFC, 1).u8(0xFD, 1).le16(0xFE, Geometry.DESCRIPTOR_SIZE)
        .le32(0x100, 0x4 | 0x8).le32(0x108, time)
        .bytes(0x10C, journalBlocks).le32(0x10C + 60, journalSize >>> 32).le32(0x10C + 64, journalSize)
        .le32(0x150, geometry.blocks() >>> 32).le32(0x158, freeBlocks >>> 32)
        .le16(0x15C, Ext4Image.EXTRA_ISIZE).le16(0x15E, Ext4Image.EXTRA_ISIZE).le32(0x160, 1)
        .u8(0x174, geometry.logGroupsPerFlex()).u8(0x175, 1);
    int high = (int) (time >> 32) & 0xff;
    sb.u8(0x274, high).u8(0x276, high).u8(0x277, high);
    sb.le32(SIZE - 4, Crc32c.update(~0, sb.array(), 0, SIZE - 4));
    return sb.array();
  }
}
