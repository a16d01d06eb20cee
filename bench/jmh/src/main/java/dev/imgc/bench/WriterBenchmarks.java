package dev.imgc.bench;

import dev.imgc.fs.block.ImageSink;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.CpioWriter;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import dev.imgc.fs.iso.IsoImage;
import dev.imgc.fs.iso.IsoOptions;
import dev.imgc.fs.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The writers over {@link SyntheticTree}, each into a sink that discards the bytes: the archive
 * writers (cpio, tar) to a stream, the image writers (ISO 9660 with Rock Ridge and Joliet, FAT) to a
 * {@link DiscardingChannel}, each laying the image out first and then writing it; and zstd of the
 * cpio as imgc writes an initrd (one worker per processor). {@link GzipBenchmarks} has gzip's.
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

  @Benchmark
  public void iso() throws IOException {
    try (ImageSink sink = new ImageSink(new DiscardingChannel())) {
      IsoImage.layout(tree, IsoOptions.plain("BENCH", 0).withJoliet()).writeTo(sink);
    }
  }

  @Benchmark
  public void fat() throws IOException {
    try (ImageSink sink = new ImageSink(new DiscardingChannel())) {
      FatImage.layout(tree, FatOptions.of("BENCH", 0x1234abcd, 0)).writeTo(sink);
    }
  }
}
