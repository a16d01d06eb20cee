package dev.imgc.fs.erofs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The superblock ({@code struct erofs_super_block}, 128 bytes at 1 KiB) and its checksum: CRC32C over
 * the rest of block 0 from the superblock on, the checksum field counted as zero, stored as the kernel's
 * {@code crc32c(~0, …)} computes it (without the final inversion of the standard CRC32C). Block 0 holds
 * nothing after the superblock, so the checksum is of the superblock and zeros.
 */
final class ErofsSuperblock {
  private static final int MAGIC = 0xE0F5E1E2;
  private static final int SIZE = 128;
  private static final int FEATURE_COMPAT_SB_CHKSUM = 0x1;
  private static final int BLOCK_SIZE_BITS = 12;
  /** Compressed data lies at the end of its block behind zeros ({@code LZ4_0PADDING}); kernels from 5.3 on read it. */
  private static final int FEATURE_INCOMPAT_ZERO_PADDING = 0x1;

  private ErofsSuperblock() {}

  /**
   * The superblock of an image of {@code blocks} blocks with {@code inodes} inodes, its shared xattrs
   * from block {@code xattrBlock} (0 for none), its checksum set.
   */
  static byte[] encode(ErofsWriter.Options options, long rootNid, long inodes, long blocks, long xattrBlock) {
    ByteBuffer block = ByteBuffer.allocate(ErofsWriter.BLOCK_SIZE - ErofsWriter.SUPERBLOCK_OFFSET)
        .order(ByteOrder.LITTLE_ENDIAN);
    byte[] name = options.volumeName().getBytes(StandardCharsets.UTF_8);
    block.putInt(MAGIC).putInt(0).putInt(FEATURE_COMPAT_SB_CHKSUM).put((byte) BLOCK_SIZE_BITS).put((byte) 0)
        .putShort((short) rootNid).putLong(inodes).putLong(options.time()).putInt(0).putInt((int) blocks)
        .putInt(ErofsWriter.META_BLOCK).putInt((int) xattrBlock)
        .order(ByteOrder.BIG_ENDIAN).putLong(options.uuid().getMostSignificantBits())
        .putLong(options.uuid().getLeastSignificantBits()).order(ByteOrder.LITTLE_ENDIAN)
        .put(name).put(new byte[16 - name.length])
        .putInt(options.compression() == ErofsCompression.LZ4 ? FEATURE_INCOMPAT_ZERO_PADDING : 0);
    // the lz4 distance (0: lz4's 64 KiB), the device fields, dirblkbits (0: directory blocks are blocks),
    // the xattr prefixes and the packed inode stay zero: none is used; without the COMPR_CFGS feature
    // the kernel takes lz4, clusters of one block, as the only algorithm
    CRC32C crc = new CRC32C();
    crc.update(block.array());
    block.putInt(4, (int) ~crc.getValue());
    byte[] superblock = new byte[SIZE];
    block.get(0, superblock);
    return superblock;
  }
}
