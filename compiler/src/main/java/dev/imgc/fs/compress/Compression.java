package dev.imgc.fs.compress;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The compressions an initrd (or a layer) can be written with, each at a fixed setting so the same
 * input always gives the same bytes, and each one the Linux kernel can unpack an initramfs from.
 *
 * <p>{@link #wrap} returns a stream whose {@code close()} finishes the compressed format and then
 * closes the stream it wraps; its {@code flush()} does nothing, so the bytes never depend on when a
 * writer flushed. To put something uncompressed in front (an early microcode cpio), write
 * it to the underlying stream first, padded with {@link #padToFourBytes}, then wrap, as
 * {@code dev.imgc.fs.cpio.InitrdWriter} does.
 */
public enum Compression {
  /** gzip level 6, deflated on every processor by {@link ParallelGzipOutputStream}. */
  GZIP("gzip, " + ParallelGzipOutputStream.IDENTITY) {
    @Override
    public OutputStream wrap(OutputStream out) throws IOException {
      return new ParallelGzipOutputStream(out);
    }
  },
  /**
   * zstd level {@value #ZSTD_LEVEL} with a content checksum, compressed by one worker thread per
   * processor. zstd's multi-threaded mode gives the same bytes for any number of workers from one up
   * (only the single-threaded mode, zero workers, differs), so the output does not depend on the
   * machine.
   */
  ZSTD("zstd level " + Compression.ZSTD_LEVEL + " with a checksum, by zstd-jni") {
    @Override
    public OutputStream wrap(OutputStream out) throws IOException {
      return zstd(out, Runtime.getRuntime().availableProcessors());
    }
  },
  /**
   * xz preset 6 with a CRC32 check: the kernel's decoder (XZ Embedded) accepts only streams checked
   * with CRC32 or not at all, not xz's default CRC64 (the kernel's Documentation/staging/xz.rst).
   */
  XZ("xz preset 6 with CRC32, by XZ for Java") {
    @Override
    public OutputStream wrap(OutputStream out) throws IOException {
      return new FlushIgnoringOutputStream(
          new XZOutputStream(out, new LZMA2Options(6), org.tukaani.xz.XZ.CHECK_CRC32));
    }
  },
  /** Written as is. */
  NONE("none") {
    @Override
    public OutputStream wrap(OutputStream out) {
      return new FlushIgnoringOutputStream(out);
    }
  };

  static final int ZSTD_LEVEL = 9;

  private final String writer;

  Compression(String writer) {
    this.writer = writer;
  }

  /**
   * What writes the compressed bytes, with its settings: part of a cache key, so bytes an earlier
   * compressor wrote are never taken for this one's.
   */
  public String writer() {
    return writer;
  }

  static OutputStream zstd(OutputStream out, int workers) throws IOException {
    ZstdOutputStream zstd = new ZstdOutputStream(out, ZSTD_LEVEL);
    zstd.setChecksum(true);
    zstd.setWorkers(workers);
    return new FlushIgnoringOutputStream(zstd);
  }

  /** A stream that compresses into {@code out}; closing it finishes the format and closes {@code out}. */
  public abstract OutputStream wrap(OutputStream out) throws IOException;

  /** The name a user writes ({@code gzip}, {@code zstd}, {@code xz}, {@code none}). */
  public String userName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The compression named {@code name}, or an exception whose message lists the names there are. */
  public static Compression named(String name) {
    for (Compression compression : values()) {
      if (compression.userName().equals(name)) {
        return compression;
      }
    }
    throw new IllegalArgumentException("unknown compression '" + name + "': use gzip, zstd, xz or none");
  }

  /**
   * Writes zeros to {@code out} until {@code written} bytes plus the zeros are a multiple of four.
   * The kernel looks for the next archive of an initrd (and the start of a compressed one) after
   * zero padding, on a 4-byte boundary. Returns the number of zeros written.
   */
  public static int padToFourBytes(long written, OutputStream out) throws IOException {
    int padding = (int) (-written & 3);
    out.write(new byte[padding]);
    return padding;
  }
}
