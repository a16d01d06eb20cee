package dev.imgc.bench;

import dev.imgc.fs.Entry;
import dev.imgc.fs.compress.ParallelGzipOutputStream;
import dev.imgc.fs.cpio.CpioWriter;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cpio of {@link SyntheticTree} through the parallel gzip stream at level 6, on one thread and
 * on two: the speed-up the second core gives.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class GzipBenchmarks {
  @Param({"1", "2"})
  public int threads;

  private List<Entry> tree;

  @Setup
  public void buildTree() {
    tree = SyntheticTree.build();
  }

  @Benchmark
  public void cpioParallelGzip() throws IOException {
    try (OutputStream gzip = new ParallelGzipOutputStream(OutputStream.nullOutputStream(), 6, threads)) {
      CpioWriter.write(tree, gzip);
    }
  }
}
