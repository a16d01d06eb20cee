package dev.imgc.image.layer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Undoes the compression of a tar stream, recognised by its first bytes (gzip, xz, zstd or none),
 * so layers, rootfs tarballs and the data members of Debian packages are read the same way whatever
 * their media type or file name claims.
 */
public final class LayerCompression {
  private static final byte[] GZIP = {0x1f, (byte) 0x8b};
  private static final byte[] XZ = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
  private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

  /** Returns a stream of the uncompressed bytes of {@code in}. */
  public static InputStream decompress(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(XZ.length);
    byte[] head = buffered.readNBytes(XZ.length);
    buffered.reset();
    if (startsWith(head, GZIP)) {
      return new GzipCompressorInputStream(buffered, true);
    }
    if (startsWith(head, XZ)) {
      return new XZCompressorInputStream(buffered, true);
    }
    if (startsWith(head, ZSTD)) {
      return new ZstdCompressorInputStream(buffered);
    }
    return buffered;
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }

  private LayerCompression() {}
}
