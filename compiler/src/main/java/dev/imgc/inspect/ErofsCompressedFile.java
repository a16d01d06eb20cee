package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The bytes of a compressed EROFS file ({@code EROFS_INODE_COMPRESSED_FULL} or {@code _COMPACT}),
 * streamed extent by extent, as the kernel's {@code fs/erofs/zmap.c} maps them: after the inode and its
 * xattrs, 8-aligned, an 8-byte map header (the algorithm of each head type, the logical cluster size,
 * advice bits), then one index per logical cluster, 8 bytes each (full) or packed 2 or 4 bytes each
 * (compact). An extent starts in each {@code HEAD}/{@code PLAIN} cluster, where its index says, and
 * runs to the next one's start (the last to the file's end); its data is one physical cluster (more
 * with big pclusters, counted by the first {@code NONHEAD} index after the head): lz4 at the end of
 * the cluster behind zeros ({@code LZ4_0PADDING}), or the bytes as they are from the cluster's start.
 *
 * <p>Clusters are walked once, front to back, so the deltas that let the kernel jump are not needed.
 * lz4 is decoded by lz4-java's safe (bounds-checked) decoder, and each extent must decode to exactly
 * its length (one extent in memory at a time, at most 16 MiB). What imgc does not read is refused by
 * name: algorithms other than lz4, images without 0-padding, and tail packing, fragments and interlaced
 * clusters (mkfs.erofs {@code -E} options).
 */
final class ErofsCompressedFile extends InputStream {
  static final int COMPRESSED_FULL = 1;
  static final int COMPRESSED_COMPACT = 3;

  /** An extent decodes to at most this much: the kernel's limit is 12 MiB. */
  private static final int MAX_EXTENT = 16 << 20;
  /** A physical cluster is at most 1 MiB ({@code Z_EROFS_PCLUSTER_MAX_SIZE}). */
  private static final int MAX_PCLUSTER = 1 << 20;
  private static final int PLAIN = 0;
  private static final int HEAD1 = 1;
  private static final int NONHEAD = 2;
  private static final int D0_CBLKCNT = 1 << 11;
  private static final int ADVISE_COMPACTED_2B = 0x1;
  private static final int ADVISE_BIG_PCLUSTER_1 = 0x2;
  private static final int ADVISE_BIG_PCLUSTER_2 = 0x4;
  private static final int ADVISE_UNREAD = 0x8 | 0x10 | 0x20;
  private static final int LZ4 = 0;
  private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.safeInstance().safeDecompressor();

  /** The index of one logical cluster: its type, its low bits (where an extent starts, or a delta), a head's block. */
  private record Lcluster(int type, int lo, long block) {}

  private final Region image;
  private final String path;
  private final int blockBits;
  private final long size;
  private final boolean compact;
  private final long indexStart;
  private final int advise;
  private final int algorithms;
  private final int clusterBits;
  private final long clusters;
  private final int initial4b;
  private final long compact2b;

  private Lcluster head;
  private long headCluster;
  private byte[] extent = new byte[0];
  private int extentAt;
  private int extentLength;

  /**
   * @param mapAt where the inode's xattrs end
   * @param zeroPadding whether the superblock has {@code LZ4_0PADDING}
   */
  ErofsCompressedFile(Region image, String path, int layout, int blockBits, long mapAt, long size, boolean zeroPadding)
      throws IOException, InspectException {
    this.image = image;
    this.path = path;
    this.blockBits = blockBits;
    this.size = size;
    this.compact = layout == COMPRESSED_COMPACT;
    long headerAt = (mapAt + 7) & ~7L;
    ByteBuffer header = image.read(headerAt, 8);
    advise = header.getShort(4) & 0xffff;
    algorithms = header.get(6) & 0xff;
    int clusterByte = header.get(7) & 0xff;
    if ((advise & ADVISE_UNREAD) != 0 || (clusterByte & 0x80) != 0) {
      throw refused("with tail packing, fragments or interlaced clusters (mkfs.erofs -E options)");
    }
    if ((algorithms & 15) != LZ4 || algorithms >>> 4 != LZ4) {
      int algorithm = (algorithms & 15) != LZ4 ? algorithms & 15 : algorithms >>> 4;
      throw refused("with " + switch (algorithm) {
        case 1 -> "lzma";
        case 2 -> "deflate";
        case 3 -> "zstd";
        default -> "algorithm " + algorithm;
      });
    }
    if (!zeroPadding) {
      throw refused("without the 0-padding feature of erofs-utils 1.0 and later");
    }
    clusterBits = blockBits + (clusterByte & 7);
    if (clusterBits > 20 || compact && clusterBits > 14) {
      throw new IOException("the compressed " + path + " has logical clusters of 2^" + clusterBits + " bytes");
    }
    clusters = (size + (1L << clusterBits) - 1) >>> clusterBits;
    if (compact) {
      indexStart = headerAt + 8;
      int initial = (int) ((32 - indexStart % 32) / 4);
      initial4b = initial == 8 ? 0 : initial;
      compact2b = (advise & ADVISE_COMPACTED_2B) != 0 && initial4b < clusters ? (clusters - initial4b) / 16 * 16 : 0;
      if (compact2b > 0 && clusterBits != 12) {
        throw new IOException("the compressed " + path + " packs 2-byte indexes of clusters other than 4 KiB");
      }
    } else {
      indexStart = headerAt + 16;
      initial4b = 0;
      compact2b = 0;
    }
    long indexBytes = compact ? initial4b * 4L + compact2b * 2 + (clusters - initial4b - compact2b) * 4 : clusters * 8;
    if (!image.holds(indexStart, Math.max(0, indexBytes))) {
      throw new IOException("the compressed " + path + " has an index past the image's end");
    }
    if (size > 0) {
      head = lcluster(0);
      if (head.type() == NONHEAD || head.lo() != 0) {
        throw new IOException("the compressed " + path + " does not start with an extent");
      }
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (extentAt == extentLength) {
      if (head == null) {
        return -1;
      }
      nextExtent();
    }
    int count = Math.min(len, extentLength - extentAt);
    System.arraycopy(extent, extentAt, bytes, off, count);
    extentAt += count;
    return count;
  }

  /** Decodes the extent whose head is {@link #head}, and finds the next head. */
  private void nextExtent() throws IOException {
    Lcluster current = head;
    long start = (headCluster << clusterBits) + current.lo();
    long blocks = 1L << (clusterBits - blockBits);
    boolean big = (advise & (current.type() == HEAD1 ? ADVISE_BIG_PCLUSTER_1 : ADVISE_BIG_PCLUSTER_2)) != 0;
    head = null;
    long end = size;
    for (long cluster = headCluster + 1; cluster < clusters; cluster++) {
      Lcluster next = lcluster(cluster);
      if (next.type() != NONHEAD) {
        end = (cluster << clusterBits) + next.lo();
        // mkfs.erofs ends a file that stops inside a cluster with a head there at its size
        head = end == size ? null : next;
        headCluster = cluster;
        break;
      }
      if (cluster == headCluster + 1 && big && current.type() != PLAIN && (next.lo() & D0_CBLKCNT) != 0) {
        blocks = next.lo() & ~D0_CBLKCNT;
      }
    }
    if (end <= start || end > size || end - start > MAX_EXTENT || blocks << blockBits > MAX_PCLUSTER || blocks == 0) {
      throw new IOException("the compressed " + path + " has an extent from " + start + " to " + end
          + " in " + blocks + " blocks");
    }
    int length = (int) (end - start);
    ByteBuffer pcluster = image.read(current.block() << blockBits, (int) (blocks << blockBits));
    if (extent.length < length) {
      extent = new byte[length];
    }
    if (current.type() == PLAIN) {
      if (length > pcluster.capacity()) {
        throw new IOException("the compressed " + path + " has a plain extent longer than its cluster");
      }
      pcluster.get(0, extent, 0, length);
    } else {
      decompress(pcluster.array(), length);
    }
    extentAt = 0;
    extentLength = length;
  }

  /** Decodes the lz4 block behind the zeros at the start of the cluster into exactly {@code length} bytes. */
  private void decompress(byte[] pcluster, int length) throws IOException {
    int margin = 0;
    while (margin < pcluster.length && pcluster[margin] == 0) {
      margin++;
    }
    int decoded;
    try {
      decoded = margin == pcluster.length ? -1
          : DECOMPRESSOR.decompress(pcluster, margin, pcluster.length - margin, extent, 0, length);
    } catch (LZ4Exception e) {
      decoded = -1;
    }
    if (decoded != length) {
      throw new IOException("the lz4 data of " + path + " is corrupt");
    }
  }

  /** The index of logical cluster {@code cluster}, in the full or the compact form. */
  private Lcluster lcluster(long cluster) throws IOException {
    if (!compact) {
      ByteBuffer index = image.read(indexStart + cluster * 8, 8);
      int type = index.getShort(0) & 3;
      if (type == NONHEAD) {
        return new Lcluster(type, index.getShort(4) & 0xffff, -1);
      }
      int offset = index.getShort(2) & 0xffff;
      if (offset >= 1 << clusterBits) {
        throw new IOException("the compressed " + path + " has an extent starting past its cluster");
      }
      return new Lcluster(type, offset, index.getInt(4) & 0xffffffffL);
    }
    long at = indexStart;
    int shift;
    long rest = cluster;
    if (rest < initial4b) {
      shift = 2;
    } else {
      at += initial4b * 4L;
      rest -= initial4b;
      if (rest < compact2b) {
        shift = 1;
      } else {
        at += compact2b * 2;
        rest -= compact2b;
        shift = 2;
      }
    }
    at += rest << shift;
    int count = shift == 2 ? 2 : 16;
    int packSize = count << shift;
    long packAt = at - Math.floorMod(at, packSize);
    ByteBuffer pack = image.read(packAt, packSize);
    int bits = (packSize - 4) * 8 / count;
    int i = (int) ((at - packAt) >> shift);
    int lo = bitsAt(pack, bits * i) & ((1 << clusterBits) - 1);
    int type = bitsAt(pack, bits * i) >>> clusterBits & 3;
    if (type == NONHEAD) {
      return new Lcluster(type, lo, -1);
    }
    return new Lcluster(type, lo, (pack.getInt(packSize - 4) & 0xffffffffL) + blocksBefore(pack, bits, i));
  }

  /**
   * How far a head's block is past its pack's base, counted back over the pack as the kernel does:
   * one block per earlier extent, or with big pclusters the counts of blocks the earlier extents give.
   */
  private long blocksBefore(ByteBuffer pack, int bits, int i) throws IOException {
    boolean big = (advise & ADVISE_BIG_PCLUSTER_1) != 0;
    long blocks = big ? 0 : 1;
    int mask = (1 << clusterBits) - 1;
    while (i > 0) {
      i--;
      int value = bitsAt(pack, bits * i);
      int lo = value & mask;
      boolean nonHead = (value >>> clusterBits & 3) == NONHEAD;
      if (!big) {
        i -= nonHead ? lo : 0;
        blocks += i >= 0 ? 1 : 0;
      } else if (nonHead && (lo & D0_CBLKCNT) != 0) {
        i--;
        blocks += lo & ~D0_CBLKCNT;
      } else if (nonHead) {
        if (lo <= 1) {
          throw new IOException("the compressed " + path + " has a bad delta in its indexes");
        }
        i -= lo - 2;
      } else {
        blocks++;
      }
    }
    return blocks;
  }

  /** The 32 bits from bit {@code bit} of the pack on (little-endian, read past its end as zeros). */
  private static int bitsAt(ByteBuffer pack, int bit) {
    int value = 0;
    for (int b = 0; b < 4 && bit / 8 + b < pack.capacity(); b++) {
      value |= (pack.get(bit / 8 + b) & 0xff) << (8 * b);
    }
    return value >>> (bit & 7);
  }

  private InspectException refused(String what) {
    return new InspectException("is an EROFS filesystem keeping " + SafeText.escape(path) + " compressed " + what
        + ", which imgc does not read; it reads lz4 and uncompressed EROFS");
  }
}
