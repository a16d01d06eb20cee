package dev.imgc.fs.compress;

import java.util.Arrays;

/**
 * The symbols of one deflate block (literal bytes and length-distance pairs) as the match finder
 * chose them, with their frequencies; written as whichever of a stored, fixed-Huffman or
 * dynamic-Huffman block (RFC 1951, 3.2.4-3.2.7) is smallest.
 */
final class DeflateBlock {
  static final int MAX_MATCH = 258;
  private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43,
      51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4,
      4, 5, 5, 5, 5, 0};
  private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
      513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
  private static final int[] DISTANCE_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
      10, 11, 11, 12, 12, 13, 13};
  /** The order in which a dynamic block's header gives the lengths of the code-length code. */
  private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
  private static final int LITERALS = 286;
  private static final int DISTANCES = 30;
  private static final int END_OF_BLOCK = 256;
  private static final byte[] LENGTH_CODE = new byte[MAX_MATCH + 1];
  /** Distance - 1 to its code: below 256 directly, from 256 on at 256 + (distance - 1) / 128, as zlib does. */
  private static final byte[] DISTANCE_CODE = new byte[512];
  private static final byte[] FIXED_LITERAL_LENGTHS = new byte[288];
  private static final int[] FIXED_LITERAL_CODES = new int[288];
  private static final byte[] FIXED_DISTANCE_LENGTHS = new byte[DISTANCES];
  private static final int[] FIXED_DISTANCE_CODES = new int[DISTANCES];

  static {
    // Through locals: while a class is being initialised, the interpreter resolves its static fields
    // again at each access, which made the 33,000 steps below take 20 ms of a compile's start.
    byte[] lengthCode = LENGTH_CODE;
    int[] lengthBase = LENGTH_BASE;
    int[] lengthExtra = LENGTH_EXTRA;
    for (int code = 0; code < 28; code++) {
      for (int i = 0; i < 1 << lengthExtra[code]; i++) {
        lengthCode[lengthBase[code] + i] = (byte) code;
      }
    }
    lengthCode[MAX_MATCH] = 28; // 258 has a code of its own, though 227 + 31 would reach it too
    byte[] distanceCode = DISTANCE_CODE;
    int[] distanceBase = DISTANCE_BASE;
    int[] distanceExtra = DISTANCE_EXTRA;
    for (int code = 0; code < DISTANCES; code++) {
      for (int i = 0; i < 1 << distanceExtra[code]; i++) {
        int d = distanceBase[code] + i - 1;
        distanceCode[d < 256 ? d : 256 + (d >>> 7)] = (byte) code;
      }
    }
    Arrays.fill(FIXED_LITERAL_LENGTHS, 0, 144, (byte) 8);
    Arrays.fill(FIXED_LITERAL_LENGTHS, 144, 256, (byte) 9);
    Arrays.fill(FIXED_LITERAL_LENGTHS, 256, 280, (byte) 7);
    Arrays.fill(FIXED_LITERAL_LENGTHS, 280, 288, (byte) 8);
    HuffmanCode.codes(FIXED_LITERAL_LENGTHS, 288, FIXED_LITERAL_CODES);
    Arrays.fill(FIXED_DISTANCE_LENGTHS, (byte) 5);
    HuffmanCode.codes(FIXED_DISTANCE_LENGTHS, DISTANCES, FIXED_DISTANCE_CODES);
  }

  /** Each symbol: a literal byte (below 256), or distance << 9 | length. */
  private final int[] symbols;
  private int count;
  private final int[] literalFrequencies = new int[LITERALS];
  private final int[] distanceFrequencies = new int[DISTANCES];
  private final byte[] literalLengths = new byte[LITERALS];
  private final byte[] distanceLengths = new byte[DISTANCES];
  private final int[] literalCodes = new int[LITERALS];
  private final int[] distanceCodes = new int[DISTANCES];
  /** The code lengths run-length coded: a code-length symbol | its repeat count << 5. */
  private final int[] codeLengthRuns = new int[LITERALS + DISTANCES];
  private final int[] codeLengthFrequencies = new int[19];
  private final byte[] codeLengthLengths = new byte[19];
  private final int[] codeLengthCodes = new int[19];
  private final long[] scratch = new long[288];

  /** A block of up to {@code capacity} symbols. */
  DeflateBlock(int capacity) {
    symbols = new int[capacity];
  }

  int count() {
    return count;
  }

  void literal(int value) {
    symbols[count++] = value;
    literalFrequencies[value]++;
  }

  void match(int length, int distance) {
    symbols[count++] = distance << 9 | length;
    literalFrequencies[257 + LENGTH_CODE[length]]++;
    distanceFrequencies[distanceCode(distance)]++;
  }

  private static int distanceCode(int distance) {
    int d = distance - 1;
    return d < 256 ? DISTANCE_CODE[d] : DISTANCE_CODE[256 + (d >>> 7)];
  }

  /**
   * Writes the block, whose symbols stand for {@code raw[start..end)}, as the cheapest of the three
   * types, then empties it for the next.
   */
  void write(BitWriter out, byte[] raw, int start, int end, boolean last) {
    literalFrequencies[END_OF_BLOCK]++;
    HuffmanCode.lengths(literalFrequencies, LITERALS, 15, literalLengths, scratch);
    HuffmanCode.lengths(distanceFrequencies, DISTANCES, 15, distanceLengths, scratch);
    int literalCount = LITERALS;
    while (literalCount > 257 && literalLengths[literalCount - 1] == 0) {
      literalCount--;
    }
    int distanceCount = DISTANCES;
    while (distanceCount > 1 && distanceLengths[distanceCount - 1] == 0) {
      distanceCount--;
    }
    int runs = codeLengthRuns(literalCount, distanceCount);
    HuffmanCode.lengths(codeLengthFrequencies, 19, 7, codeLengthLengths, scratch);
    int codeLengthCount = 19;
    while (codeLengthCount > 4 && codeLengthLengths[CODE_LENGTH_ORDER[codeLengthCount - 1]] == 0) {
      codeLengthCount--;
    }
    long extraBits = 0;
    for (int code = 0; code < 29; code++) {
      extraBits += (long) literalFrequencies[257 + code] * LENGTH_EXTRA[code];
    }
    for (int code = 0; code < DISTANCES; code++) {
      extraBits += (long) distanceFrequencies[code] * DISTANCE_EXTRA[code];
    }
    long dynamicBits = 3 + 5 + 5 + 4 + 3L * codeLengthCount + extraBits
        + 2L * codeLengthFrequencies[16] + 3L * codeLengthFrequencies[17] + 7L * codeLengthFrequencies[18];
    for (int i = 0; i < 19; i++) {
      dynamicBits += (long) codeLengthFrequencies[i] * codeLengthLengths[i];
    }
    long fixedBits = 3 + extraBits;
    for (int i = 0; i < LITERALS; i++) {
      dynamicBits += (long) literalFrequencies[i] * literalLengths[i];
      fixedBits += (long) literalFrequencies[i] * FIXED_LITERAL_LENGTHS[i];
    }
    for (int i = 0; i < DISTANCES; i++) {
      dynamicBits += (long) distanceFrequencies[i] * distanceLengths[i];
      fixedBits += 5L * distanceFrequencies[i];
    }
    int bytes = end - start;
    // Each stored block of up to 65535 bytes: its 3-bit header, at most 7 bits of padding, LEN and NLEN.
    long storedBits = 8L * bytes + 42L * Math.max(1, (bytes + 65534) / 65535);
    out.reserve(bytes + 64 + (int) (Math.min(dynamicBits, fixedBits) >>> 3));
    if (storedBits <= dynamicBits && storedBits <= fixedBits) {
      writeStored(out, raw, start, end, last);
    } else if (fixedBits <= dynamicBits) {
      out.put(last ? 0b011 : 0b010, 3);
      writeSymbols(out, FIXED_LITERAL_CODES, FIXED_LITERAL_LENGTHS, FIXED_DISTANCE_CODES, FIXED_DISTANCE_LENGTHS);
    } else {
      out.put(last ? 0b101 : 0b100, 3);
      out.put(literalCount - 257, 5);
      out.put(distanceCount - 1, 5);
      out.put(codeLengthCount - 4, 4);
      for (int i = 0; i < codeLengthCount; i++) {
        out.put(codeLengthLengths[CODE_LENGTH_ORDER[i]], 3);
      }
      HuffmanCode.codes(codeLengthLengths, 19, codeLengthCodes);
      for (int i = 0; i < runs; i++) {
        int symbol = codeLengthRuns[i] & 31;
        out.put(codeLengthCodes[symbol], codeLengthLengths[symbol]);
        if (symbol >= 16) {
          out.put(codeLengthRuns[i] >>> 5, symbol == 16 ? 2 : symbol == 17 ? 3 : 7);
        }
      }
      HuffmanCode.codes(literalLengths, LITERALS, literalCodes);
      HuffmanCode.codes(distanceLengths, DISTANCES, distanceCodes);
      writeSymbols(out, literalCodes, literalLengths, distanceCodes, distanceLengths);
    }
    Arrays.fill(literalFrequencies, 0);
    Arrays.fill(distanceFrequencies, 0);
    count = 0;
  }

  private static void writeStored(BitWriter out, byte[] raw, int start, int end, boolean last) {
    int p = start;
    do {
      int length = Math.min(65535, end - p);
      out.put(last && p + length == end ? 1 : 0, 3);
      out.alignToByte();
      out.put(length | (~length & 0xFFFF) << 16, 32);
      out.putBytes(raw, p, length);
      p += length;
    } while (p < end);
  }

  private void writeSymbols(BitWriter out, int[] literalCodes, byte[] literalLengths, int[] distanceCodes,
      byte[] distanceLengths) {
    for (int i = 0; i < count; i++) {
      int symbol = symbols[i];
      if (symbol < 256) {
        out.put(literalCodes[symbol], literalLengths[symbol]);
      } else {
        int length = symbol & 511;
        int lengthCode = LENGTH_CODE[length];
        int s = 257 + lengthCode;
        out.put(literalCodes[s] | (length - LENGTH_BASE[lengthCode]) << literalLengths[s],
            literalLengths[s] + LENGTH_EXTRA[lengthCode]);
        int distance = symbol >>> 9;
        int distanceCode = distanceCode(distance);
        int codeLength = distanceLengths[distanceCode];
        out.put(distanceCodes[distanceCode] | (distance - DISTANCE_BASE[distanceCode]) << codeLength,
            codeLength + DISTANCE_EXTRA[distanceCode]);
      }
    }
    out.put(literalCodes[END_OF_BLOCK], literalLengths[END_OF_BLOCK]);
  }

  /** Run-length codes the literal/length and distance code lengths with symbols 16, 17 and 18, counting each symbol. */
  private int codeLengthRuns(int literalCount, int distanceCount) {
    Arrays.fill(codeLengthFrequencies, 0);
    int total = literalCount + distanceCount;
    int runs = 0;
    int i = 0;
    while (i < total) {
      int length = codeLength(i, literalCount);
      int run = 1;
      while (i + run < total && codeLength(i + run, literalCount) == length) {
        run++;
      }
      i += run;
      if (length == 0) {
        while (run >= 11) {
          int taken = Math.min(run, 138);
          runs = run(runs, 18 | (taken - 11) << 5);
          run -= taken;
        }
        if (run >= 3) {
          runs = run(runs, 17 | (run - 3) << 5);
          run = 0;
        }
      } else {
        runs = run(runs, length);
        run--;
        while (run >= 3) {
          int taken = Math.min(run, 6);
          runs = run(runs, 16 | (taken - 3) << 5);
          run -= taken;
        }
      }
      for (; run > 0; run--) {
        runs = run(runs, length);
      }
    }
    return runs;
  }

  private int codeLength(int i, int literalCount) {
    return i < literalCount ? literalLengths[i] : distanceLengths[i - literalCount];
  }

  private int run(int runs, int run) {
    codeLengthRuns[runs] = run;
    codeLengthFrequencies[run & 31]++;
    return runs + 1;
  }
}
