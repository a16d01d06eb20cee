package dev.imgc.bench;

import dev.imgc.fs.compress.ParallelGzipOutputStream;
import dev.imgc.fs.cpio.CpioWriter;
import java.io.IOException;
import java.io.OutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The cpio of {@link SyntheticTree} through the parallel gzip stream, on one thread and on two: the
 * speed-up the second core gives. One core's deflate against zlib's: {@code DeflateBenchmarks}.
 */
public class GzipBenchmarks extends TreeBenchmark {
  @Param({"1", "2"})
  public int threads;

  @Benchmark
  public void cpioParallelGzip() throws IOException {
    try (OutputStream gzip = new ParallelGzipOutputStream(OutputStream.nullOutputStream(), threads)) {
      CpioWriter.write(tree, gzip);
    }
  }
}
