package dev.imgc.fs.compress;

import static dev.imgc.fs.StreamTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelGzipOutputStreamTest {
  private static final int CORPUS_SIZE = 6 << 20;
  @TempDir static Path tmp;
  private static byte[] corpus;

  /** Real bytes, ELF and text: the host's /usr/bin files in name order, cut at 6 MiB. */
  @BeforeAll
  static void readCorpus() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(CORPUS_SIZE);
    try (Stream<Path> files = Files.list(Path.of("/usr/bin"))) {
      files.filter(Files::isRegularFile).sorted().forEachOrdered(file -> {
        if (bytes.size() < CORPUS_SIZE) {
          try {
            bytes.write(Files.readAllBytes(file));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
    }
    corpus = Arrays.copyOf(bytes.toByteArray(), CORPUS_SIZE);
  }

  private static byte[] gzip(byte[] input, int threads, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gzip = new ParallelGzipOutputStream(out, threads)) {
      for (int offset = 0; offset < input.length; offset += chunk) {
        gzip.write(input, offset, Math.min(chunk, input.length - offset));
      }
    }
    return out.toByteArray();
  }

  @Test
  void outputIsTheSameWhateverTheThreadCountAndWriteSizes() throws IOException {
    byte[] one = gzip(corpus, 1, 1 << 20);
    assertArrayEquals(one, gzip(corpus, 2, 4093));
    assertArrayEquals(one, gzip(corpus, 5, 1 << 16));
  }

  /**
   * Streams share their workers and hand their blocks on to each other: streams written side by side
   * from several threads, each of another part of the input and cut at other sizes, give each the
   * bytes it gives alone.
   */
  @Test
  void streamsSideBySideGiveTheBytesEachGivesAlone() throws Exception {
    int streams = 6;
    byte[][] inputs = new byte[streams][];
    byte[][] alone = new byte[streams][];
    for (int i = 0; i < streams; i++) {
      inputs[i] = Arrays.copyOfRange(corpus, i * 700_000, i * 700_000 + 300_000 + i * 250_000);
      alone[i] = gzip(inputs[i], 2, 1 << 16);
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(alone[i]))) {
        assertArrayEquals(inputs[i], in.readAllBytes(), "stream " + i + " through the runtime's zlib");
      }
    }
    ExecutorService writers = Executors.newFixedThreadPool(streams);
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<byte[]>> results = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
          byte[] input = inputs[i];
          int chunk = 1000 + 7919 * i;
          results.add(writers.submit(() -> gzip(input, 2, chunk)));
        }
        for (int i = 0; i < streams; i++) {
          assertArrayEquals(alone[i], results.get(i).get(), "stream " + i + ", round " + round);
        }
      }
    } finally {
      writers.shutdownNow();
    }
  }

  @Test
  void gzipDecompressesItToTheInput() throws IOException {
    Path file = tmp.resolve("corpus.gz");
    Files.write(file, gzip(corpus, 2, 1 << 16));
    run(tmp, "gzip", "-t", file.toString());
    run(tmp, file, "sh", "-c", "gzip -dc > corpus.out");
    assertArrayEquals(corpus, Files.readAllBytes(tmp.resolve("corpus.out")));
    // zlib's inflate too (GNU gzip has its own), through Python
    run(tmp, file, "python3", "-c",
        "import sys, zlib; open('corpus.zlib', 'wb').write(zlib.decompress(sys.stdin.buffer.read(), 31))");
    assertArrayEquals(corpus, Files.readAllBytes(tmp.resolve("corpus.zlib")));
  }

  @Test
  void isAtMostOnePercentLargerThanGzipSix() throws IOException {
    Path plain = tmp.resolve("corpus");
    Files.write(plain, corpus);
    run(tmp, plain, "sh", "-c", "gzip -6 -n > corpus.gzip6");
    long reference = Files.size(tmp.resolve("corpus.gzip6"));
    long ours = gzip(corpus, 2, 1 << 16).length;
    assertTrue(ours <= reference * 1.01, "parallel gzip " + ours + " bytes, gzip -6 " + reference + " bytes");
  }

  @Test
  void emptyAndExactBlockMultiplesAreValidGzip() throws IOException {
    for (int size : new int[] {0, 1, ParallelGzipOutputStream.BLOCK_SIZE, 3 * ParallelGzipOutputStream.BLOCK_SIZE}) {
      Path file = tmp.resolve("edge-" + size + ".gz");
      byte[] input = Arrays.copyOf(corpus, size);
      Files.write(file, gzip(input, 2, 1000));
      run(tmp, file, "sh", "-c", "gzip -dc > edge.out");
      assertArrayEquals(input, Files.readAllBytes(tmp.resolve("edge.out")), "size " + size);
    }
  }

  /**
   * The bytes {@link ParallelGzipOutputStream#IDENTITY} names, fixed: a stream of one block (deflated
   * on the thread that closes it) and longer ones (deflated by the workers) of pseudo-random words
   * give the bytes they gave when every block went to a worker. A change here is a new identity.
   */
  @Test
  void theBytesOfThisIdentityStayTheSame() throws Exception {
    Map<Integer, String> sha256 = new TreeMap<>(Map.of(
        0, "59869db34853933b239f1e2219cf7d431da006aa919635478511fabbfc8849d2",
        200, "2b0fc42cd4a015f6af411dae17a0d8cddc4df39deb73f1f1749caa670c9c9444",
        100_000, "f6879bcff071f9c0d0052b37ecb3e3e21e120c681b15595b3f0eba07171ac392",
        ParallelGzipOutputStream.BLOCK_SIZE, "4fc918da0dc32b9738d9340f378d6b7288fdf579ea056edf6ebe0380318972df",
        300_000, "ee62cede7063256258a464f5ac1099328feb0b77f032ee1143f50fc8e7e23760"));
    assertEquals("imgc deflate 1, 128 KiB pieces", ParallelGzipOutputStream.IDENTITY);
    for (Map.Entry<Integer, String> size : sha256.entrySet()) {
      byte[] gzip = gzip(words(size.getKey()), 2, 1 << 16);
      assertEquals(size.getValue(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gzip)),
          size.getKey() + " bytes");
    }
  }

  /** {@code size} bytes of words drawn by a fixed linear congruential generator: the same on every host. */
  private static byte[] words(int size) {
    String words = "initrd segment kernel cpio deflate the a of to imgc appliance ";
    byte[] bytes = new byte[size];
    long x = 21;
    for (int i = 0; i < size; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      bytes[i] = (byte) words.charAt((int) ((x >>> 33) % words.length()));
    }
    return bytes;
  }
}
