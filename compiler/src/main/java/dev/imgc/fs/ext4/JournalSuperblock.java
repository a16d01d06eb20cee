package dev.imgc.fs.ext4;

import dev.imgc.fs.block.ByteFields;
import java.util.UUID;

/**
 * The first block of the internal journal (inode 8): a JBD2 version 2 superblock, big-endian, saying
 * the journal is empty (start 0) so nothing is replayed at the first mount; the rest of the journal
 * is zeros the kernel overwrites.
 */
final class JournalSuperblock {
  private static final long MAGIC = 0xC03B3998L;
  private static final int SUPERBLOCK_V2 = 4;

  private JournalSuperblock() {}

  static byte[] encode(long journalBlocks, UUID uuid) {
    ByteFields block = new ByteFields(Ext4Image.BLOCK);
    block.be32(0x0, MAGIC).be32(0x4, SUPERBLOCK_V2).be32(0xC, Ext4Image.BLOCK).be32(0x10, journalBlocks)
        .be32(0x14, 1).be32(0x18, 1).be32(0x1C, 0).bytes(0x30, Superblock.bytes(uuid)).be32(0x40, 1);
    return block.array();
  }

  /** The journal's size in blocks for a filesystem of {@code blocks} blocks, as mke2fs chooses it. */
  static long blocksFor(long blocks) {
    if (blocks < 32768) {
      return 1024;
    }
    if (blocks < 256 * 1024) {
      return 4096;
    }
    if (blocks < 512 * 1024) {
      return 8192;
    }
    if (blocks < 4096 * 1024) {
      return 16384;
    }
    if (blocks < 8192 * 1024) {
      return 32768;
    }
    if (blocks < 16384 * 1024) {
      return 65536;
    }
    return blocks < 32768 * 1024 ? 131072 : 262144;
  }
}
