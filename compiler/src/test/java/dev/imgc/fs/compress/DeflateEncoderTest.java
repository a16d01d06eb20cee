package dev.imgc.fs.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * imgc's deflate encoder against the Java runtime's inflater (zlib's, written independently of it):
 * every input, the shapes that stress an encoder's edges and a bounded fuzz of random ones, comes
 * back byte for byte, as a last piece and as a piece a next one follows, with and without the
 * preceding bytes as a dictionary.
 */
class DeflateEncoderTest {
  private static final int WINDOW = DeflateEncoder.WINDOW;
  private final DeflateEncoder encoder = new DeflateEncoder();

  @Test
  void edgeShapesRoundTrip() throws DataFormatException {
    Random random = new Random(1);
    roundTrip(new byte[0]);
    roundTrip(new byte[] {42});
    roundTrip(new byte[] {1, 2, 3});
    roundTrip(new byte[4]);
    roundTrip(new byte[200_000]); // all zeros: the longest matches, at distance 1
    roundTrip(bytes(random, 200_000, 256)); // incompressible: stored blocks
    for (int period : new int[] {1, 2, 3, 7, 255, 257, 258, 259, 1000, WINDOW - 1, WINDOW, WINDOW + 1}) {
      roundTrip(repeated(bytes(random, period, 256), 3 * WINDOW + 17));
    }
    for (int length : new int[] {257, 258, 259, 516, 517}) {
      // a run of exactly LENGTH repeated bytes between random ones: matches of 258 and what is left over
      byte[] data = bytes(random, 4 * WINDOW, 256);
      Arrays.fill(data, 1000, 1000 + length, (byte) 7);
      Arrays.fill(data, 3000, 3000 + length, (byte) 7);
      roundTrip(data);
    }
    roundTrip(skewed()); // Huffman codes that must be cut to 15 bits
    roundTrip(bytes(random, 300_000, 2)); // two symbols: short codes, many short matches
  }

  /** Matches whose distance is exactly the window, one inside it and one past it (which must not be used). */
  @Test
  void matchesAtTheWindowsEdgeRoundTrip() throws DataFormatException {
    Random random = new Random(2);
    for (int distance : new int[] {WINDOW - 1, WINDOW, WINDOW + 1}) {
      byte[] data = bytes(random, distance + 600, 256);
      System.arraycopy(data, 0, data, distance, 600);
      roundTrip(data);
      byte[] dictionary = bytes(random, WINDOW, 256);
      byte[] input = bytes(random, 2 * WINDOW, 256);
      int from = Math.max(0, WINDOW - distance);
      System.arraycopy(dictionary, from, input, from + distance - WINDOW, 300);
      roundTrip(dictionary, input);
    }
  }

  @Test
  void randomInputsRoundTrip() throws DataFormatException {
    Random random = new Random(3);
    for (int i = 0; i < 150; i++) {
      byte[] data = mixture(random, random.nextInt(1 << random.nextInt(19)));
      if (random.nextBoolean()) {
        roundTrip(data);
      } else {
        roundTrip(mixture(random, WINDOW), data);
      }
    }
  }

  @Test
  void outputDependsOnlyOnTheInput() {
    Random random = new Random(4);
    byte[] dictionary = mixture(random, WINDOW);
    byte[] input = mixture(random, 128 * 1024);
    byte[] fresh = new DeflateEncoder().deflate(dictionary, input, input.length, false);
    encoder.deflate(null, new byte[300_000], 300_000, true); // leaves larger tables and other state behind
    assertArrayEquals(fresh, encoder.deflate(dictionary, input, input.length, false));
  }

  @Test
  void firstNonZeroByteIsTheByteOfTheLowestSetBit() {
    Random random = new Random(7);
    for (int bit = 0; bit < 64; bit++) {
      long lowest = 1L << bit;
      assertEquals(bit / 8, DeflateEncoder.firstNonZeroByte(lowest), "bit " + bit);
      for (int i = 0; i < 100; i++) {
        long above = random.nextLong() & -(lowest << 1); // any bits above the lowest
        assertEquals(bit / 8, DeflateEncoder.firstNonZeroByte(lowest | above), "bit " + bit + " under " + above);
      }
    }
  }

  /** A stream hands over the whole block before a piece: only its last window counts. */
  @Test
  void aLongerDictionaryCountsOnlyItsLastWindow() {
    Random random = new Random(6);
    byte[] before = mixture(random, 4 * WINDOW);
    byte[] input = mixture(random, 64 * 1024);
    System.arraycopy(before, 100, input, 0, 2000); // a match the window does not reach
    byte[] lastWindow = Arrays.copyOfRange(before, before.length - WINDOW, before.length);
    assertArrayEquals(encoder.deflate(lastWindow, input, input.length, false),
        encoder.deflate(before, input, input.length, false));
  }

  @Test
  void compressesRedundantDataAsDeflateCan() {
    byte[] zeros = encoder.deflate(null, new byte[1 << 20], 1 << 20, true);
    // 1 MiB of zeros is about 4,000 matches of 258 at one bit each; zlib makes 1,033 bytes of it.
    assertTrue(zeros.length < 1100, zeros.length + " bytes");
    // Random bytes are stored: 5 bytes of headers per block; zlib's level 6 adds 320 bytes to 1 MiB.
    byte[] random = bytes(new Random(5), 1 << 20, 256);
    int stored = encoder.deflate(null, random, random.length, true).length;
    assertTrue(stored <= random.length + 320, stored + " bytes");
  }

  private void roundTrip(byte[] data) throws DataFormatException {
    roundTrip(null, data);
  }

  private void roundTrip(byte[] dictionary, byte[] data) throws DataFormatException {
    for (boolean last : new boolean[] {true, false}) {
      byte[] deflated = encoder.deflate(dictionary, data, data.length, last);
      Inflater inflater = new Inflater(true);
      try {
        if (dictionary != null) {
          inflater.setDictionary(dictionary);
        }
        inflater.setInput(deflated);
        byte[] inflated = new byte[data.length + 1];
        int n = 0;
        while (n < inflated.length) {
          int got = inflater.inflate(inflated, n, inflated.length - n);
          if (got == 0) {
            break;
          }
          n += got;
        }
        assertArrayEquals(data, Arrays.copyOf(inflated, n), data.length + " bytes, last " + last);
        assertEquals(last, inflater.finished(), "a last piece ends the stream, another does not");
        assertEquals(0, inflater.getRemaining(), "the inflater takes every byte");
      } finally {
        inflater.end();
      }
    }
  }

  private static byte[] bytes(Random random, int length, int alphabet) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) random.nextInt(alphabet);
    }
    return data;
  }

  private static byte[] repeated(byte[] pattern, int length) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = pattern[i % pattern.length];
    }
    return data;
  }

  /** Byte i repeated fib(i) times, shuffled: a Huffman tree far deeper than 15. */
  private static byte[] skewed() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int a = 1;
    int b = 1;
    for (int symbol = 0; symbol < 26; symbol++) {
      for (int k = 0; k < a; k++) {
        out.write(symbol * 9);
      }
      int next = a + b;
      a = b;
      b = next;
    }
    byte[] data = out.toByteArray();
    Random random = new Random(6);
    for (int i = data.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      byte t = data[i];
      data[i] = data[j];
      data[j] = t;
    }
    return data;
  }

  /** Runs of random bytes, of few symbols, of zeros, and copies of earlier bytes from near and far. */
  private static byte[] mixture(Random random, int length) {
    byte[] data = new byte[length];
    int p = 0;
    while (p < length) {
      int run = Math.min(length - p, 1 + random.nextInt(random.nextBoolean() ? 40 : 3000));
      switch (random.nextInt(4)) {
        case 0 -> {
          for (int i = 0; i < run; i++) {
            data[p + i] = (byte) random.nextInt(256);
          }
        }
        case 1 -> {
          for (int i = 0; i < run; i++) {
            data[p + i] = (byte) ('a' + random.nextInt(4));
          }
        }
        case 2 -> Arrays.fill(data, p, p + run, (byte) 0);
        default -> {
          if (p > 0) {
            int distance = 1 + random.nextInt(Math.min(p, random.nextBoolean() ? 300 : 2 * WINDOW));
            for (int i = 0; i < run; i++) {
              data[p + i] = data[p + i - distance];
            }
          }
        }
      }
      p += run;
    }
    return data;
  }
}
