package dev.imgc.inspect;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.tukaani.xz.XZInputStream;

/**
 * The compressions of squashfs blocks imgc reads, by the superblock's compressor id: each block is
 * one zlib stream, xz stream or zstd frame, and never expands past the size the format allows it
 * (a data block, or an 8 KiB metadata block), so a hostile block cannot make the reader allocate more.
 */
enum SquashfsCodec {
  GZIP(1, "gzip"),
  XZ(4, "xz"),
  ZSTD(6, "zstd");

  /** Memory a hostile xz header may ask for: squashfs's blocks are at most 1 MiB, and so are its dictionaries. */
  private static final int XZ_MEMORY_KIB = 8 * 1024;
  /** The largest zstd window accepted, as a power of two: 16 MiB, more than a 1 MiB block needs. */
  private static final int ZSTD_WINDOW_LOG = 24;

  final int id;
  final String label;

  SquashfsCodec(int id, String label) {
    this.id = id;
    this.label = label;
  }

  /** The codec of a superblock's compressor id; the sentence names the ones imgc does not read. */
  static SquashfsCodec of(int id) throws InspectException {
    for (SquashfsCodec codec : values()) {
      if (codec.id == id) {
        return codec;
      }
    }
    String name = switch (id) {
      case 2 -> "lzma";
      case 3 -> "lzo";
      case 5 -> "lz4";
      default -> "unknown (" + id + ")";
    };
    throw new InspectException("is a squashfs filesystem compressed with " + name
        + ", which imgc does not read; it reads gzip, xz and zstd");
  }

  /** The bytes {@code compressed} holds: at most {@code limit}, else an {@link IOException}. */
  byte[] decompress(byte[] compressed, int limit) throws IOException {
    if (this == GZIP) {
      return inflate(compressed, limit);
    }
    try (InputStream in = this == XZ
        ? new XZInputStream(new ByteArrayInputStream(compressed), XZ_MEMORY_KIB)
        : new ZstdInputStream(new ByteArrayInputStream(compressed)).setLongMax(ZSTD_WINDOW_LOG)) {
      byte[] out = in.readNBytes(limit + 1);
      if (out.length > limit) {
        throw new IOException("a " + label + " block expands past " + limit + " bytes");
      }
      return out;
    } catch (RuntimeException | org.tukaani.xz.MemoryLimitException e) {
      throw new IOException("a " + label + " block cannot be decompressed: " + e.getMessage(), e);
    }
  }

  private static byte[] inflate(byte[] compressed, int limit) throws IOException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(compressed);
      byte[] out = new byte[limit + 1]; // one more: a block that fills it expands too far
      int filled = 0;
      while (!inflater.finished()) {
        int n = inflater.inflate(out, filled, out.length - filled);
        filled += n;
        if (filled > limit) {
          throw new IOException("a gzip block expands past " + limit + " bytes");
        }
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IOException("a gzip block ends before its data does");
        }
      }
      return java.util.Arrays.copyOf(out, filled);
    } catch (DataFormatException e) {
      throw new IOException("a gzip block is not zlib data: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }
}
