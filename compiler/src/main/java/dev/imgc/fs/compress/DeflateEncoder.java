package dev.imgc.fs.compress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * imgc's own deflate (RFC 1951) encoder, written for {@link ParallelGzipOutputStream}: one piece of
 * a stream at a time, about as small as zlib's level 6 and about twice as fast, with output that
 * depends only on its input (never on the host's zlib).
 *
 * <p>How: matches of 4 to 258 bytes are found through hash chains of 4-byte prefixes, at most
 * {@value #MAX_CHAIN} candidates deep (zlib's level 6 goes 128 deep through chains of 3-byte
 * prefixes), 3-byte matches through a table of the last position of each 3-byte prefix; a match
 * shorter than {@value #LAZY_LIMIT} is kept only if the next position has no
 * longer one (lazy matching, as zlib). The symbols go into a {@link DeflateBlock}, which ends where
 * the data changes character (coarse symbol statistics of the last {@value #CHECK_INTERVAL} symbols
 * against the block's, the heuristic libdeflate describes) rather than after a fixed count; what
 * the shorter search loses, better placed blocks win back.
 *
 * <p>Not thread-safe: one per thread, reused from piece to piece.
 */
final class DeflateEncoder {
  static final int WINDOW = 32 * 1024;
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** Chained matches are at least 4 bytes long; a 3-byte match is looked for only where none is found. */
  private static final int MIN_MATCH = 4;
  /** zlib's limit for 3-byte matches, further ones cost about as much as their three literals. */
  private static final int MAX_SHORT_DISTANCE = 4096;
  private static final int MAX_MATCH = DeflateBlock.MAX_MATCH;
  private static final int HASH_BITS = 15;
  /** Hashes take the top bits of a prefix's bytes (the first in the low bits) times this. */
  private static final int HASH_MULTIPLIER = 0x1E35A7BD;
  /** Candidates looked at per position; a quarter of them when the match in hand is already {@value #GOOD_MATCH} long. */
  private static final int MAX_CHAIN = 16;
  private static final int GOOD_MATCH = 8;
  /** A match this long ends the search (zlib's level 6 "nice" length). */
  private static final int NICE_MATCH = 128;
  /** A match this long is taken without looking one position further. */
  private static final int LAZY_LIMIT = 16;
  private static final int MAX_BLOCK_SYMBOLS = 32 * 1024;
  private static final int CHECK_INTERVAL = 512;
  private static final int MIN_BLOCK_BYTES = 10_000;
  /** Symbol categories for block ending: literals by their top three bits, short matches, long matches. */
  private static final int CATEGORIES = 10;
  /** A de Bruijn sequence: the top six bits of it times 2^i are distinct for each i below 64. */
  private static final long DE_BRUIJN = 0x03F79D71B4CB0A89L;
  /** Those six bits of {@link #DE_BRUIJN} times 2^i to i / 8, the byte holding bit i. */
  private static final byte[] BYTE_OF_LOWEST_BIT = new byte[64];

  static {
    for (int bit = 0; bit < 64; bit++) {
      BYTE_OF_LOWEST_BIT[(int) ((DE_BRUIJN << bit) >>> 58)] = (byte) (bit >>> 3);
    }
  }

  /** Bytes past the end readable by 8-byte compares. */
  private static final int PADDING = 16;

  private byte[] window = new byte[0];
  /**
   * The hash chains: the previous position with the same 4-byte prefix hash, of each position at
   * its index modulo the window, as zlib keeps them (the last window is all a search reaches, and
   * 128 KiB stays in a core's cache where a slot per position of the piece and its dictionary took 640 KiB).
   */
  private final int[] previous = new int[WINDOW];
  private final int[] head = new int[1 << HASH_BITS];
  /** The last position of each 3-byte prefix's hash. */
  private final int[] shortHead = new int[1 << HASH_BITS];
  /** What {@link #insert} found in {@link #shortHead} for the last position it entered. */
  private int shortCandidate;
  /** The limit is checked before each step; room for one step's symbols past it (a lazy run of literals, a match). */
  private final DeflateBlock block = new DeflateBlock(MAX_BLOCK_SYMBOLS + 2 * MAX_MATCH);
  /** Where the piece ends in the window, and where the current block starts. */
  private int end;
  private int blockStart;
  private final int[] observed = new int[CATEGORIES];
  private final int[] recent = new int[CATEGORIES];
  private int observedCount;
  private int recentCount;
  private final BitWriter out = new BitWriter();

  /**
   * Deflates {@code input[0..length)}, its matches reaching back into the last {@value #WINDOW}
   * bytes of {@code before} (what comes before it in the stream, or null; all of it when shorter).
   * When not {@code last}, the blocks are not final and end on a byte boundary (after an empty
   * stored block where needed, as zlib's sync flush does), so the next piece's deflate data can
   * follow; when {@code last}, the final block ends the stream.
   */
  byte[] deflate(byte[] before, byte[] input, int length, boolean last) {
    int start = before == null ? 0 : Math.min(before.length, WINDOW);
    end = start + length;
    if (window.length < end + PADDING) {
      window = new byte[end + PADDING];
    }
    if (before != null) {
      System.arraycopy(before, before.length - start, window, 0, start);
    }
    System.arraycopy(input, 0, window, start, length);
    Arrays.fill(window, end, end + PADDING, (byte) 0);
    Arrays.fill(head, -1);
    Arrays.fill(shortHead, -1);
    out.reset();
    startBlock(start);
    insert(0, start);
    compress(start);
    endBlock(end, last);
    if (!last && !out.aligned()) {
      out.put(0, 3);
      out.alignToByte();
      out.put(0xFFFF0000, 32); // LEN 0, NLEN 0xFFFF
    }
    return out.toByteArray();
  }

  private void compress(int start) {
    byte[] w = window;
    int lastHashable = end - MIN_MATCH;
    int inserted = start; // positions below it are in the hash chains
    int p = start;
    while (p < end) {
      if (recentCount >= CHECK_INTERVAL || block.count() >= MAX_BLOCK_SYMBOLS) {
        checkBlockEnd(p);
      }
      if (p > lastHashable) {
        literal(w[p++]);
        continue;
      }
      int match = longestMatch(p, insert(p, p + 1), MIN_MATCH - 1, MAX_CHAIN);
      inserted = p + 1;
      if (match == 0) {
        match = shortMatch(p, shortCandidate);
      }
      if (match == 0) {
        literal(w[p++]);
        continue;
      }
      int length = match & 511;
      while (length < LAZY_LIMIT && p + 1 <= lastHashable) {
        int next = longestMatch(p + 1, insert(p + 1, p + 2), length, length >= GOOD_MATCH ? MAX_CHAIN / 4 : MAX_CHAIN);
        inserted = p + 2;
        if (next == 0) {
          break;
        }
        literal(w[p++]);
        match = next;
        length = match & 511;
      }
      match(length, match >>> 9);
      p += length;
      insert(inserted, Math.min(p, lastHashable + 1));
      inserted = Math.max(inserted, p);
    }
  }

  /**
   * Enters the positions from {@code from} to before {@code to} in the hash tables, in one loop
   * (the C1 compiler, the launcher's for a compile, inlines no method this long, so a call per
   * position would cost more than its work). For the last position entered, returns the one before
   * it with the same 4-byte prefix hash and leaves the one before it with the same 3-byte prefix
   * hash in {@link #shortCandidate} (-1 where there is none).
   */
  private int insert(int from, int to) {
    byte[] w = window;
    int[] heads = head;
    int[] shortHeads = shortHead;
    int[] chains = previous;
    int candidate = -1;
    int shortDisplaced = -1;
    for (int p = from; p < to; p++) {
      int prefix = (int) INT.get(w, p);
      int shortHash = ((prefix << 8) * HASH_MULTIPLIER) >>> (32 - HASH_BITS);
      shortDisplaced = shortHeads[shortHash];
      shortHeads[shortHash] = p;
      int hash = (prefix * HASH_MULTIPLIER) >>> (32 - HASH_BITS);
      candidate = heads[hash];
      chains[p & (WINDOW - 1)] = candidate;
      heads[hash] = p;
    }
    shortCandidate = shortDisplaced;
    return candidate;
  }

  /** A 3-byte match for position {@code p} at {@code candidate} if it is one and near enough, as distance << 9 | 3; else 0. */
  private int shortMatch(int p, int candidate) {
    byte[] w = window;
    boolean matches = candidate >= 0 && p - candidate <= MAX_SHORT_DISTANCE
        && w[candidate] == w[p] && w[candidate + 1] == w[p + 1] && w[candidate + 2] == w[p + 2];
    return matches ? (p - candidate) << 9 | 3 : 0;
  }

  /**
   * The longest match for position {@code p} in the chain from {@code candidate}, longer than
   * {@code shorter}, as distance << 9 | length; 0 when there is none.
   */
  private int longestMatch(int p, int candidate, int shorter, int chain) {
    byte[] w = window;
    int[] prev = previous;
    int maxLength = Math.min(MAX_MATCH, end - p);
    if (maxLength <= shorter) {
      return 0;
    }
    int farthest = p - WINDOW; // its chain slot is p's now
    int limit = Math.max(farthest, 0);
    int best = shorter;
    int bestDistance = 0;
    int first = (int) INT.get(w, p);
    for (; candidate >= limit && chain > 0;
        candidate = candidate != farthest ? prev[candidate & (WINDOW - 1)] : -1, chain--) {
      // The byte that would make the match longer than the best first, then the first four.
      if (w[candidate + best] != w[p + best] || (int) INT.get(w, candidate) != first) {
        continue;
      }
      int length = MIN_MATCH;
      while (length < maxLength) {
        long difference = (long) LONG.get(w, candidate + length) ^ (long) LONG.get(w, p + length);
        if (difference != 0) {
          length += firstNonZeroByte(difference);
          break;
        }
        length += 8;
      }
      if (length > best) {
        bestDistance = p - candidate;
        best = Math.min(length, maxLength); // the compare may run past the end
        if (best >= NICE_MATCH || best == maxLength) {
          break;
        }
      }
    }
    return bestDistance == 0 ? 0 : bestDistance << 9 | best;
  }

  /**
   * The index of the lowest non-zero byte of {@code difference}, which is not zero: its lowest set
   * bit by a de Bruijn multiplication, as {@code Long.numberOfTrailingZeros(difference) >>> 3}, which
   * the C1 compiler (the launcher's for a compile) makes a call of some twenty branches.
   */
  static int firstNonZeroByte(long difference) {
    return BYTE_OF_LOWEST_BIT[(int) (((difference & -difference) * DE_BRUIJN) >>> 58)];
  }

  private void literal(byte b) {
    int value = b & 0xFF;
    block.literal(value);
    recent[value >>> 5]++;
    recentCount++;
  }

  private void match(int length, int distance) {
    block.match(length, distance);
    recent[length < 9 ? 8 : 9]++;
    recentCount++;
  }

  /**
   * Ends the block at {@code p} when it is full, or long enough and its recent symbols are
   * distributed unlike the rest of it (a new block with its own codes would code them better);
   * otherwise counts the recent symbols into the block's.
   */
  private void checkBlockEnd(int p) {
    if (block.count() >= MAX_BLOCK_SYMBOLS || p - blockStart >= MIN_BLOCK_BYTES && changed()) {
      endBlock(p, false);
      return;
    }
    for (int i = 0; i < CATEGORIES; i++) {
      observed[i] += recent[i];
      recent[i] = 0;
    }
    observedCount += recentCount;
    recentCount = 0;
  }

  /** Whether the shares of the categories differ by more than 200/512 in all between the recent symbols and the block's. */
  private boolean changed() {
    long difference = 0;
    for (int i = 0; i < CATEGORIES; i++) {
      difference += Math.abs((long) recent[i] * observedCount - (long) observed[i] * recentCount);
    }
    return observedCount > 0 && difference * 512 >= 200L * recentCount * observedCount;
  }

  private void endBlock(int p, boolean last) {
    block.write(out, window, blockStart, p, last);
    startBlock(p);
  }

  private void startBlock(int p) {
    blockStart = p;
    Arrays.fill(observed, 0);
    Arrays.fill(recent, 0);
    observedCount = 0;
    recentCount = 0;
  }
}
