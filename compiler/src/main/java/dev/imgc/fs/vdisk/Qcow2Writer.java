package dev.imgc.fs.vdisk;

import com.jcraft.jzlib.Deflater;
import com.jcraft.jzlib.GZIPException;
import com.jcraft.jzlib.JZlib;
import dev.imgc.fs.block.ByteFields;
import java.io.IOException;
import java.util.Arrays;

/**
 * qcow2 version 3 (QEMU's format, as its {@code docs/interop/qcow2.txt} specifies), 64 KiB clusters,
 * 16-bit refcounts, no backing file. Clusters of zeros are left unallocated (they read as zeros);
 * the others follow the header in the disk's order, each deflated when {@code compressed} asks and
 * that makes it smaller, packed byte after byte as compressed clusters are. The L2 tables, the L1
 * table and the refcount structures come after the data, once its place is known; then the header.
 *
 * <p>Compressed clusters are raw deflate with a 4 KiB window: QEMU inflates them with one, so a
 * longer match distance (java.util.zip's window is 32 KiB) would not read back. The compressor is
 * pure Java (JZlib), so the bytes do not depend on the host's zlib.
 */
public record Qcow2Writer(boolean compressed) implements VirtualDiskWriter {
  static final int CLUSTER_BITS = 16;
  static final int CLUSTER = 1 << CLUSTER_BITS;
  private static final int MAGIC = 0x514649fb;
  private static final int HEADER_LENGTH = 104;
  private static final int REFCOUNT_ORDER = 4;
  private static final int REFCOUNTS_PER_BLOCK = CLUSTER / 2;
  private static final int L2_ENTRIES = CLUSTER / 8;
  private static final long COPIED = 1L << 63;
  private static final long COMPRESSED = 1L << 62;
  /** Where a compressed cluster's count of further 512-byte sectors starts in its L2 entry. */
  private static final int SECTORS_SHIFT = 62 - (CLUSTER_BITS - 8);
  private static final int WINDOW_BITS = 12;

  @Override
  public void write(RawDisk disk, SparseOutput out) throws IOException {
    long virtualClusters = (disk.size() + CLUSTER - 1) / CLUSTER;
    AllocatedChunks clusters = new AllocatedChunks();
    Refcounts refcounts = new Refcounts();
    refcounts.add(0, 1);
    long next = CLUSTER;
    byte[] chunk = new byte[CLUSTER];
    try (RawDisk.Reader reader = disk.open()) {
      for (long i = 0; i < virtualClusters; i++) {
        if (!reader.read(i * CLUSTER, chunk)) {
          continue;
        }
        byte[] deflated = compressed ? deflate(chunk) : null;
        if (deflated != null && deflated.length < CLUSTER - 512) {
          out.write(next, deflated);
          long sectors = (next + deflated.length - 1 >> 9) - (next >> 9);
          clusters.add(i, next | COMPRESSED | sectors << SECTORS_SHIFT);
          // QEMU counts every cluster the compressed data's whole sectors touch
          long end = (next & ~511L) + (sectors + 1) * 512;
          for (long c = next >> CLUSTER_BITS; c <= end - 1 >> CLUSTER_BITS; c++) {
            refcounts.add(c, 1);
          }
          next += deflated.length;
        } else {
          next = alignUp(next);
          out.write(next, chunk);
          clusters.add(i, next | COPIED);
          refcounts.add(next >> CLUSTER_BITS, 1);
          next += CLUSTER;
        }
      }
    }
    writeTables(disk.size(), virtualClusters, clusters, refcounts, alignUp(next) >> CLUSTER_BITS, out);
  }

  private static void writeTables(long size, long virtualClusters, AllocatedChunks clusters, Refcounts refcounts,
      long dataClusters, SparseOutput out) throws IOException {
    int l1Size = (int) ((virtualClusters + L2_ENTRIES - 1) / L2_ENTRIES);
    long[] l1 = new long[l1Size];
    long l2Tables = 0;
    for (int i = 0, last = -1; i < clusters.count(); i++) {
      int table = (int) (clusters.index(i) / L2_ENTRIES);
      if (table != last) {
        l2Tables++;
        last = table;
      }
    }
    long l1Clusters = Math.max(1, ((long) l1Size * 8 + CLUSTER - 1) / CLUSTER);
    // the refcount blocks count themselves and the table that lists them: grow both until they do
    long blocks = 0;
    long tableClusters = 0;
    while (true) {
      long total = dataClusters + l2Tables + l1Clusters + tableClusters + blocks;
      long needBlocks = (total + REFCOUNTS_PER_BLOCK - 1) / REFCOUNTS_PER_BLOCK;
      long needTable = Math.max(1, (needBlocks * 8 + CLUSTER - 1) / CLUSTER);
      if (needBlocks == blocks && needTable == tableClusters) {
        break;
      }
      blocks = needBlocks;
      tableClusters = needTable;
    }
    long cluster = dataClusters;
    for (int i = 0; i < clusters.count(); ) {
      int l1Index = (int) (clusters.index(i) / L2_ENTRIES);
      ByteFields l2 = new ByteFields(CLUSTER);
      for (; i < clusters.count() && clusters.index(i) / L2_ENTRIES == l1Index; i++) {
        l2.be64((int) (clusters.index(i) % L2_ENTRIES) * 8, clusters.entry(i));
      }
      out.write(cluster << CLUSTER_BITS, l2.array());
      l1[l1Index] = cluster << CLUSTER_BITS | COPIED;
      refcounts.add(cluster++, 1);
    }
    long l1Offset = cluster << CLUSTER_BITS;
    ByteFields l1Bytes = new ByteFields((int) (l1Clusters * CLUSTER));
    for (int i = 0; i < l1Size; i++) {
      l1Bytes.be64(i * 8, l1[i]);
    }
    out.write(l1Offset, l1Bytes.array());
    for (long c = 0; c < l1Clusters; c++) {
      refcounts.add(cluster++, 1);
    }
    long tableOffset = cluster << CLUSTER_BITS;
    long firstBlock = cluster + tableClusters;
    for (long c = 0; c < tableClusters + blocks; c++) {
      refcounts.add(cluster++, 1);
    }
    ByteFields refcountTable = new ByteFields((int) (tableClusters * CLUSTER));
    for (int b = 0; b < blocks; b++) {
      refcountTable.be64(b * 8, firstBlock + b << CLUSTER_BITS);
      ByteFields block = new ByteFields(CLUSTER);
      for (int e = 0; e < REFCOUNTS_PER_BLOCK; e++) {
        block.be16(e * 2, refcounts.get((long) b * REFCOUNTS_PER_BLOCK + e));
      }
      out.write(firstBlock + b << CLUSTER_BITS, block.array());
    }
    out.write(tableOffset, refcountTable.array());
    ByteFields header = new ByteFields(HEADER_LENGTH + 8)
        .be32(0, MAGIC).be32(4, 3).be32(20, CLUSTER_BITS).be64(24, size)
        .be32(36, l1Size).be64(40, l1Offset).be64(48, tableOffset).be32(56, tableClusters)
        .be32(96, REFCOUNT_ORDER).be32(100, HEADER_LENGTH);
    out.write(0, header.array());
    out.finish(cluster << CLUSTER_BITS);
  }

  /** {@code cluster} as raw deflate with QEMU's window, or null where that fails to shrink it. */
  private static byte[] deflate(byte[] cluster) throws IOException {
    try {
      Deflater deflater = new Deflater(JZlib.Z_DEFAULT_COMPRESSION, WINDOW_BITS, true);
      byte[] out = new byte[cluster.length];
      deflater.setInput(cluster);
      deflater.setOutput(out);
      int status = deflater.deflate(JZlib.Z_FINISH);
      deflater.end();
      return status == JZlib.Z_STREAM_END ? Arrays.copyOf(out, (int) deflater.getTotalOut()) : null;
    } catch (GZIPException e) {
      throw new IOException("deflate could not start: " + e.getMessage(), e);
    }
  }

  private static long alignUp(long offset) {
    return (offset + CLUSTER - 1) & -CLUSTER;
  }

  /** Each host cluster's refcount, from cluster 0 up; grows with the clusters used. */
  private static final class Refcounts {
    private int[] counts = new int[256];

    void add(long cluster, int count) {
      if (cluster >= counts.length) {
        counts = Arrays.copyOf(counts, (int) Math.max(cluster + 1, counts.length * 2L));
      }
      counts[(int) cluster] += count;
    }

    int get(long cluster) {
      return cluster < counts.length ? counts[(int) cluster] : 0;
    }
  }
}
