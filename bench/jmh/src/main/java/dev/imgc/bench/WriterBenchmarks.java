package dev.imgc.bench;

import dev.imgc.fs.Entry;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.CpioWriter;
import dev.imgc.fs.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The archive writers over {@link SyntheticTree}, to a stream that discards the bytes, and zstd of
 * the cpio (one worker per processor).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class WriterBenchmarks {
  private List<Entry> tree;

  @Setup
  public void buildTree() {
    tree = SyntheticTree.build();
  }

  @Benchmark
  public void cpio() throws IOException {
    CpioWriter.write(tree, OutputStream.nullOutputStream());
  }

  @Benchmark
  public void tar() throws IOException {
    TarWriter.write(tree, OutputStream.nullOutputStream());
  }

  @Benchmark
  public void cpioZstd() throws IOException {
    try (OutputStream zstd = Compression.ZSTD.wrap(OutputStream.nullOutputStream())) {
      CpioWriter.write(tree, zstd);
    }
  }
}
