package dev.imgc.fs.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One core's deflate, as {@link ParallelGzipOutputStream} asks it of each worker: the pieces of
 * real files (the host's programs, libraries, Python sources and bytecode: a rootfs's mix) deflated
 * one by one, each primed with the 32 KiB before it, by imgc's {@link DeflateEncoder} and by the
 * Java runtime's zlib at level 6 (what the stream used before). Both sizes are printed at set-up.
 * In a package of imgc's own, to reach the encoder, which is not public.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DeflateBenchmarks {
  private static final int PIECE = ParallelGzipOutputStream.BLOCK_SIZE;
  private static final int DICTIONARY = ParallelGzipOutputStream.DICTIONARY_SIZE;

  /** Directories whose files, in name order, make the corpus, up to {@link #megabytesEach} MiB each. */
  @Param({"/usr/bin:/usr/lib/x86_64-linux-gnu:/usr/lib/python3.11"})
  public String roots;

  @Param({"8"})
  public int megabytesEach;

  private byte[] corpus;
  private final DeflateEncoder encoder = new DeflateEncoder();
  private final Deflater zlib = new Deflater(6, true);
  private final byte[] zlibOutput = new byte[2 * PIECE];

  @Setup
  public void readCorpus() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String root : roots.split(":")) {
      ByteArrayOutputStream part = new ByteArrayOutputStream();
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        files.filter(Files::isRegularFile).sorted().forEachOrdered(file -> {
          if (part.size() < megabytesEach << 20) {
            try {
              part.write(Files.readAllBytes(file));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
      }
      bytes.write(part.toByteArray(), 0, Math.min(part.size(), megabytesEach << 20));
    }
    corpus = bytes.toByteArray();
    System.err.printf("%n%d bytes: imgc %d, zlib level 6 %d%n", corpus.length, imgc(), zlib6());
  }

  @Benchmark
  public long imgc() {
    long size = 0;
    for (int offset = 0; offset < corpus.length; offset += PIECE) {
      int length = Math.min(PIECE, corpus.length - offset);
      size += encoder.deflate(dictionary(offset), Arrays.copyOfRange(corpus, offset, offset + length), length,
          offset + length == corpus.length).length;
    }
    return size;
  }

  @Benchmark
  public long zlib6() {
    long size = 0;
    for (int offset = 0; offset < corpus.length; offset += PIECE) {
      int length = Math.min(PIECE, corpus.length - offset);
      boolean last = offset + length == corpus.length;
      zlib.reset();
      byte[] dictionary = dictionary(offset);
      if (dictionary != null) {
        zlib.setDictionary(dictionary);
      }
      zlib.setInput(Arrays.copyOfRange(corpus, offset, offset + length));
      if (last) {
        zlib.finish();
      }
      int n;
      do {
        n = zlib.deflate(zlibOutput, 0, zlibOutput.length, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
        size += n;
      } while (last ? !zlib.finished() : n == zlibOutput.length);
    }
    return size;
  }

  private byte[] dictionary(int offset) {
    return offset == 0 ? null : Arrays.copyOfRange(corpus, offset - DICTIONARY, offset);
  }
}
