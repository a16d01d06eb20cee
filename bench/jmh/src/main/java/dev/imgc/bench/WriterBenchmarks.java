package dev.imgc.bench;

import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.CpioWriter;
import dev.imgc.fs.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The archive writers over {@link SyntheticTree}, to a stream that discards the bytes, and zstd of
 * the cpio (one worker per processor).
 */
public class WriterBenchmarks extends TreeBenchmark {
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
