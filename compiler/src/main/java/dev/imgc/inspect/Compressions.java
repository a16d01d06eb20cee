package dev.imgc.inspect;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** Decompresses a stream whose first bytes were recognised as gzip, zstd or xz. */
final class Compressions {
  private static final int BUFFER = 64 * 1024;

  private Compressions() {}

  /**
   * The decompressed bytes of the one gzip member, zstd frame or xz stream at the start of {@code in},
   * buffered and able to mark and reset. When it ends, {@code in} (which must support mark and reset,
   * as gzip's reader needs to give back what it read ahead) is just after it, where an initrd may go on.
   */
  static InputStream open(Magic format, InputStream in, Budget budget) throws IOException {
    InputStream plain = switch (format) {
      case GZIP -> new GzipCompressorInputStream(in, false);
      case ZSTD -> new ZstdInputStream(new ZstdFrameInputStream(in));
      case XZ -> new XZCompressorInputStream(in, false);
      default -> throw new IllegalArgumentException(format + " is not a compression");
    };
    return new BufferedInputStream(budget.counting(plain), BUFFER);
  }

  static boolean isCompression(Magic format) {
    return format == Magic.GZIP || format == Magic.ZSTD || format == Magic.XZ;
  }

  static String name(Magic format) {
    return format.name().toLowerCase(java.util.Locale.ROOT);
  }
}
