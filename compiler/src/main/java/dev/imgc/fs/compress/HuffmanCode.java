package dev.imgc.fs.compress;

import java.util.Arrays;

/** Canonical Huffman codes of limited length, as deflate's dynamic blocks describe them. */
final class HuffmanCode {
  private HuffmanCode() {}

  /**
   * Sets {@code lengths[0..n)} to the code lengths of a Huffman code for {@code frequencies}, none
   * longer than {@code maxLength}. Symbols of frequency zero get no code, except that at least two
   * symbols always get one (zlib's rule: inflaters want a complete code, and a block with one
   * distance still needs a one-bit code for it).
   */
  static void lengths(int[] frequencies, int n, int maxLength, byte[] lengths, long[] scratch) {
    Arrays.fill(lengths, 0, n, (byte) 0);
    int used = 0;
    for (int symbol = 0; symbol < n; symbol++) {
      if (frequencies[symbol] != 0) {
        scratch[used++] = (long) frequencies[symbol] << 16 | symbol;
      }
    }
    for (int symbol = 0; used < 2; symbol++) {
      if (frequencies[symbol] == 0) {
        scratch[used++] = 1L << 16 | symbol;
      }
    }
    Arrays.sort(scratch, 0, used);
    int[] depth = new int[used];
    for (int i = 0; i < used; i++) {
      depth[i] = (int) (scratch[i] >>> 16);
    }
    minimumRedundancy(depth, used);
    int[] count = new int[maxLength + 1];
    for (int i = 0; i < used; i++) {
      count[Math.min(depth[i], maxLength)]++;
    }
    limit(count, maxLength);
    // The most frequent symbols (the end of the sorted scratch) take the shortest codes.
    int next = used - 1;
    for (int length = 1; length <= maxLength; length++) {
      for (int k = count[length]; k > 0; k--) {
        lengths[(int) (scratch[next--] & 0xFFFF)] = (byte) length;
      }
    }
  }

  /**
   * Replaces sorted weights by the depths of their leaves in a minimum-redundancy tree, in place
   * (Moffat and Katajainen, "In-place calculation of minimum-redundancy codes", 1995).
   */
  private static void minimumRedundancy(int[] a, int n) {
    a[0] += a[1];
    int root = 0;
    int leaf = 2;
    for (int next = 1; next < n - 1; next++) {
      if (leaf >= n || a[root] < a[leaf]) {
        a[next] = a[root];
        a[root++] = next;
      } else {
        a[next] = a[leaf++];
      }
      if (leaf >= n || (root < next && a[root] < a[leaf])) {
        a[next] += a[root];
        a[root++] = next;
      } else {
        a[next] += a[leaf++];
      }
    }
    a[n - 2] = 0;
    for (int next = n - 3; next >= 0; next--) {
      a[next] = a[a[next]] + 1;
    }
    int available = 1;
    int usedAtDepth = 0;
    int depth = 0;
    root = n - 2;
    int next = n - 1;
    while (available > 0) {
      while (root >= 0 && a[root] == depth) {
        usedAtDepth++;
        root--;
      }
      while (available > usedAtDepth) {
        a[next--] = depth;
        available--;
      }
      available = 2 * usedAtDepth;
      depth++;
      usedAtDepth = 0;
    }
  }

  /**
   * Makes the counts of codes per length, after longer codes were cut to {@code maxLength}, a
   * complete code again: while the Kraft sum is over one, one leaf at the longest length moves up
   * under a leaf of a shorter length, which becomes a node.
   */
  private static void limit(int[] count, int maxLength) {
    long kraft = 0;
    for (int length = 1; length <= maxLength; length++) {
      kraft += (long) count[length] << (maxLength - length);
    }
    for (; kraft > 1L << maxLength; kraft--) {
      count[maxLength]--;
      for (int length = maxLength - 1; length > 0; length--) {
        if (count[length] != 0) {
          count[length]--;
          count[length + 1] += 2;
          break;
        }
      }
    }
  }

  /** Sets {@code codes[0..n)} to the canonical codes of {@code lengths}, bit-reversed for LSB-first writing. */
  static void codes(byte[] lengths, int n, int[] codes) {
    int[] count = new int[16];
    for (int i = 0; i < n; i++) {
      count[lengths[i]]++;
    }
    count[0] = 0;
    int[] next = new int[16];
    int code = 0;
    for (int length = 1; length < 16; length++) {
      code = (code + count[length - 1]) << 1;
      next[length] = code;
    }
    for (int i = 0; i < n; i++) {
      int length = lengths[i];
      codes[i] = length == 0 ? 0 : Integer.reverse(next[length]++) >>> (32 - length);
    }
  }
}
