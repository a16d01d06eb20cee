package dev.imgc.fs.erofs;

import java.util.Arrays;

/**
 * LZ4 block compression into a fixed output size: compresses the longest prefix of the input whose
 * LZ4 block fits in the space given, which is how erofs fills each physical cluster (the kernel's and
 * erofs-utils' {@code LZ4_compress_destSize}). lz4-java has no such call: its compressors take a
 * whole input and fail when the output does not fit.
 *
 * <p>The block is the LZ4 block format: sequences of a token (literal count, match length less 4), the
 * literals, a 2-byte offset back (1 to 65,535) and the lengths' extension bytes; the last sequence is
 * literals only. As the format requires, the last 5 bytes are literals and the last match starts 12
 * bytes or more before the end, which holds for the prefix taken too: a block is cut only where at
 * least 12 literals end it. Matches are found greedily through a hash of 4 bytes, the table cleared for
 * every block, so a block depends on its input only.
 */
final class Lz4FixedOutput {
  private static final int MIN_MATCH = 4;
  private static final int LAST_LITERALS = 5;
  /** A match starts at least this many bytes before the end of the block. */
  private static final int MATCH_START_LIMIT = 12;
  private static final int MAX_DISTANCE = 65_535;
  private static final int HASH_BITS = 12;
  /** What a cut block's last sequence takes at least: its token and 12 literals. */
  private static final int CUT_RESERVE = 1 + MATCH_START_LIMIT;
  /** After this many misses in a row, the search steps over more bytes: incompressible input goes quickly. */
  private static final int SKIP_TRIGGER = 6;

  /** How much input a block took and how many bytes it is. */
  record Block(int consumed, int length) {}

  private final int[] table = new int[1 << HASH_BITS];

  /**
   * Compresses the longest prefix of {@code in[from, end)} whose block fits in {@code out[0, capacity)}.
   * The capacity is at least 14 bytes, so a block takes at least one byte of input.
   */
  Block compress(byte[] in, int from, int end, byte[] out, int capacity) {
    Arrays.fill(table, -1);
    int ip = from;
    int anchor = from;
    int op = 0;
    int matchStartLimit = end - MATCH_START_LIMIT;
    int matchEndLimit = end - LAST_LITERALS;
    int misses = 0;
    while (ip < matchStartLimit) {
      int hash = hash(readInt(in, ip));
      int ref = table[hash];
      table[hash] = ip;
      if (ref < from || ip - ref > MAX_DISTANCE || readInt(in, ref) != readInt(in, ip)) {
        if (ip - anchor + 3 + CUT_RESERVE > capacity - op) {
          break; // the literals so far leave no room for a match: the block ends in literals
        }
        ip += 1 + (misses++ >>> SKIP_TRIGGER);
        continue;
      }
      misses = 0;
      while (ip > anchor && ref > from && in[ip - 1] == in[ref - 1]) {
        ip--;
        ref--;
      }
      int length = MIN_MATCH;
      while (ip + length < matchEndLimit && in[ip + length] == in[ref + length]) {
        length++;
      }
      int literals = ip - anchor;
      // what is left for the match length's extension bytes once the rest of the sequence is counted
      int room = capacity - CUT_RESERVE - op - (1 + extension(literals) + literals + 2);
      if (room < 0) {
        break;
      }
      length = Math.min(length, MIN_MATCH + longestExtra(room)); // a long run is cut where the block is full
      op = sequence(in, anchor, literals, ip - ref, length - MIN_MATCH, out, op);
      ip += length;
      anchor = ip;
      if (ip - 2 >= from && ip < matchStartLimit) {
        table[hash(readInt(in, ip - 2))] = ip - 2;
      }
    }
    int literals = Math.min(end - anchor, capacity - op - 1);
    while (1 + extension(literals) + literals > capacity - op) {
      literals--;
    }
    op = literalsOnly(in, anchor, literals, out, op);
    return new Block(anchor + literals - from, op);
  }

  private static int sequence(byte[] in, int anchor, int literals, int offset, int matchExtra, byte[] out, int op) {
    out[op++] = (byte) (Math.min(literals, 15) << 4 | Math.min(matchExtra, 15));
    op = lengthBytes(literals, out, op);
    System.arraycopy(in, anchor, out, op, literals);
    op += literals;
    out[op++] = (byte) offset;
    out[op++] = (byte) (offset >>> 8);
    return lengthBytes(matchExtra, out, op);
  }

  private static int literalsOnly(byte[] in, int anchor, int literals, byte[] out, int op) {
    out[op++] = (byte) (Math.min(literals, 15) << 4);
    op = lengthBytes(literals, out, op);
    System.arraycopy(in, anchor, out, op, literals);
    return op + literals;
  }

  /** The bytes after the token that a length of 15 or more takes: runs of 255, then the rest. */
  private static int lengthBytes(int value, byte[] out, int op) {
    if (value < 15) {
      return op;
    }
    int rest = value - 15;
    while (rest >= 255) {
      out[op++] = (byte) 255;
      rest -= 255;
    }
    out[op++] = (byte) rest;
    return op;
  }

  /** The longest length field that {@code bytes} extension bytes hold: 14 in the token alone, 255 more a byte. */
  private static int longestExtra(int bytes) {
    return 14 + 255 * Math.min(bytes, Integer.MAX_VALUE / 255 - 1);
  }

  private static int extension(int value) {
    return value < 15 ? 0 : (value - 15) / 255 + 1;
  }

  private static int readInt(byte[] in, int at) {
    return (in[at] & 0xff) | (in[at + 1] & 0xff) << 8 | (in[at + 2] & 0xff) << 16 | (in[at + 3] & 0xff) << 24;
  }

  /** Knuth's multiplicative hash of 4 bytes, as LZ4's own. */
  private static int hash(int sequence) {
    return (sequence * -1640531535) >>> (32 - HASH_BITS);
  }
}
