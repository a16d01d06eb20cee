package dev.imgc.fs.squashfs;

import com.github.luben.zstd.Zstd;
import dev.imgc.fs.compress.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.Deflater;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Compresses one squashfs block (a data block, a fragment block, an 8 KiB metadata block) on its own,
 * with the settings mksquashfs uses by default, so the superblock needs no compressor options: zlib
 * level 9 (squashfs's "gzip" is a zlib stream), xz with a dictionary as large as a block and a CRC32
 * check (what the kernel's decoder accepts), zstd level 15. A block that does not shrink is stored as
 * it is, which the format marks per block.
 */
enum BlockCompressor {
  GZIP(1),
  XZ(4),
  ZSTD(6),
  /** No compression: every block stored as it is, and the superblock says so. */
  NONE(1);

  static final int ZLIB_LEVEL = 9;
  static final int ZSTD_LEVEL = 15;

  /** The compressor id of the superblock ({@code ZLIB_COMPRESSION} is 1). */
  final int id;

  BlockCompressor(int id) {
    this.id = id;
  }

  static BlockCompressor of(Compression compression) {
    return switch (compression) {
      case GZIP -> GZIP;
      case XZ -> XZ;
      case ZSTD -> ZSTD;
      case NONE -> NONE;
    };
  }

  /** {@code block} compressed, when that makes it smaller; {@code blockSize} is the image's data block size. */
  Optional<byte[]> compress(byte[] block, int length, int blockSize) {
    byte[] compressed = switch (this) {
      case GZIP -> zlib(block, length);
      case XZ -> xz(block, length, blockSize);
      case ZSTD -> zstd(block, length);
      case NONE -> null;
    };
    return compressed != null && compressed.length < length ? Optional.of(compressed) : Optional.empty();
  }

  private static byte[] zlib(byte[] block, int length) {
    Deflater deflater = new Deflater(ZLIB_LEVEL);
    try {
      deflater.setInput(block, 0, length);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(length);
      byte[] buffer = new byte[Math.max(64, length)];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] xz(byte[] block, int length, int blockSize) {
    try {
      LZMA2Options options = new LZMA2Options(LZMA2Options.PRESET_DEFAULT);
      options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, blockSize));
      ByteArrayOutputStream out = new ByteArrayOutputStream(length);
      try (XZOutputStream xz = new XZOutputStream(out, options, org.tukaani.xz.XZ.CHECK_CRC32)) {
        xz.write(block, 0, length);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] zstd(byte[] block, int length) {
    byte[] out = new byte[(int) Zstd.compressBound(length)];
    long size = Zstd.compressByteArray(out, 0, out.length, block, 0, length, ZSTD_LEVEL);
    if (Zstd.isError(size)) {
      throw new IllegalStateException("zstd failed: " + Zstd.getErrorName(size));
    }
    return java.util.Arrays.copyOf(out, (int) size);
  }
}
