package dev.imgc.fs.erofs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * One regular file's data in erofs's compressed layout ({@code EROFS_INODE_COMPRESSED_COMPACT}), lz4 in
 * physical clusters of one 4 KiB block, as {@code fs/erofs/erofs_fs.h} and {@code zmap.c} read it.
 *
 * <p>The file is cut into extents, front to back. Each extent is the longest run of bytes whose LZ4
 * block fits in one block ({@link Lz4FixedOutput}), stored at the end of its block behind zeros (the
 * {@code LZ4_0PADDING} feature: the kernel finds the block's start by skipping them), when that run is
 * longer than a block; else the next block's worth of bytes (or the file's rest) is stored as it is,
 * from the block's start (a {@code PLAIN} extent), where lz4 saves nothing. An extent is thus longer
 * than a logical cluster (4 KiB of the file) except at the end, so no two start in one cluster.
 *
 * <p>The map after the inode (its header: lz4 for head 1, 4 KiB clusters, compact 2-byte indexes)
 * holds one index per logical cluster ({@link CompactIndexes}): a cluster where an extent starts is its
 * {@code HEAD} (or {@code PLAIN}): where in the cluster it starts, and its block; any other cluster is
 * {@code NONHEAD}: how many clusters back its extent starts and how many on the next one does (or the
 * file ends). Indexes are written as extents are known, so memory holds one window of input.
 */
final class CompressedFile {
  static final int HEADER_SIZE = 8;
  /** The most bytes one extent holds: about what lz4 packs into a block at best (runs of one byte). */
  static final int MAX_EXTENT = 1 << 20;

  private static final int BLOCK_SIZE = ErofsWriter.BLOCK_SIZE;
  private static final int PLAIN = 0;
  private static final int HEAD = 1;
  private static final int LZ4 = 0;
  private static final int ADVISE_COMPACTED_2B = 0x1;

  /** What was written: the file's first block, how many, and whether any extent is compressed. */
  record Written(long firstBlock, long blocks, boolean compressed) {}

  private final Lz4FixedOutput lz4 = new Lz4FixedOutput();
  private final byte[] window = new byte[2 * MAX_EXTENT];
  private final byte[] block = new byte[BLOCK_SIZE];
  private final FileChannel out;

  CompressedFile(FileChannel out) {
    this.out = out;
  }

  /** The bytes of the map after an inode and its xattrs ending at {@code end}, for a file of {@code size} bytes. */
  static long mapSize(long end, long size) {
    return align8(end) - end + HEADER_SIZE + CompactIndexes.size(align8(end) + HEADER_SIZE, clusters(size));
  }

  static long clusters(long size) {
    return (size + BLOCK_SIZE - 1) / BLOCK_SIZE;
  }

  /**
   * Writes the {@code size} bytes of {@code in} (the file {@code path}) as extents from block {@code
   * firstBlock} on, and their map at {@code mapAt} (where the inode's xattrs end, before alignment).
   *
   * @throws IOException also when {@code in} holds more or fewer than {@code size} bytes (the file changed)
   */
  Written write(String path, InputStream in, long size, long firstBlock, long mapAt) throws IOException {
    long headerAt = align8(mapAt);
    ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0).putShort((short) ADVISE_COMPACTED_2B).put((byte) LZ4).put((byte) 0); // 4 KiB clusters
    ErofsWriter.writeAt(out, header.array(), headerAt);
    CompactIndexes indexes = new CompactIndexes(out, headerAt + HEADER_SIZE, clusters(size));
    long nextBlock = firstBlock;
    boolean compressed = false;
    int start = 0;
    int filled = 0;
    long offset = 0; // where the window's first byte is in the file
    long at = 0; // where the next extent starts
    long headCluster = -1;
    while (at < size) {
      if (start + MAX_EXTENT > filled && offset + filled < size) {
        System.arraycopy(window, start, window, 0, filled - start);
        offset += start;
        filled -= start;
        start = 0;
        int wanted = (int) Math.min(window.length - filled, size - offset - filled);
        if (in.readNBytes(window, filled, wanted) != wanted) {
          throw ErofsWriter.changed(path, size);
        }
        filled += wanted;
      }
      int available = (int) Math.min(filled - start, MAX_EXTENT);
      Lz4FixedOutput.Block packed = lz4.compress(window, start, start + available, block, BLOCK_SIZE);
      int length;
      int type;
      if (packed.consumed() > BLOCK_SIZE) {
        length = packed.consumed();
        type = HEAD;
        compressed = true;
        System.arraycopy(block, 0, block, BLOCK_SIZE - packed.length(), packed.length());
        Arrays.fill(block, 0, BLOCK_SIZE - packed.length(), (byte) 0);
      } else {
        length = Math.min(BLOCK_SIZE, available);
        type = PLAIN;
        System.arraycopy(window, start, block, 0, length);
        Arrays.fill(block, length, BLOCK_SIZE, (byte) 0);
      }
      ErofsWriter.writeAt(out, block, nextBlock * BLOCK_SIZE);
      long cluster = at / BLOCK_SIZE;
      nonHeads(indexes, headCluster, cluster);
      indexes.head(type, (int) (at % BLOCK_SIZE), nextBlock);
      headCluster = cluster;
      nextBlock++;
      at += length;
      start += length;
    }
    if (in.read() >= 0) {
      throw ErofsWriter.changed(path, size);
    }
    nonHeads(indexes, headCluster, clusters(size));
    indexes.finish();
    return new Written(firstBlock, nextBlock - firstBlock, compressed);
  }

  /** Whether lz4 packs the {@code size} bytes of {@code in} (the file {@code path}) whole into one block. */
  boolean fitsOneBlock(String path, InputStream in, int size) throws IOException {
    if (in.readNBytes(window, 0, size) != size) {
      throw ErofsWriter.changed(path, size);
    }
    return lz4.compress(window, 0, size, block, BLOCK_SIZE).consumed() == size;
  }

  /** The {@code NONHEAD} indexes of the clusters after {@code headCluster} up to {@code nextHead}. */
  private static void nonHeads(CompactIndexes indexes, long headCluster, long nextHead) throws IOException {
    for (long cluster = headCluster + 1; headCluster >= 0 && cluster < nextHead; cluster++) {
      indexes.nonHead((int) (cluster - headCluster), (int) (nextHead - cluster));
    }
  }

  private static long align8(long at) {
    return (at + 7) & ~7L;
  }
}
