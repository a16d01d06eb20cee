package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The stream formats recognised by their first bytes. */
enum Magic {
  CPIO,
  GZIP,
  ZSTD,
  XZ,
  TAR,
  UNKNOWN;

  /** Bytes needed to recognise every format: a tar header's magic ends at offset 263. */
  static final int PEEK = 512;

  /** Recognises the bytes at the start of {@code head}, which holds up to {@link #PEEK} bytes. */
  static Magic of(byte[] head, int length) {
    if (startsWith(head, length, "070701") || startsWith(head, length, "070702")) {
      return CPIO;
    }
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (startsWith(head, length, new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd})) {
      return ZSTD;
    }
    if (startsWith(head, length, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0})) {
      return XZ;
    }
    if (length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
      return TAR;
    }
    return UNKNOWN;
  }

  /** Whether this is an archive or a compression {@link StreamArtifact} reads. */
  boolean isStreamFormat() {
    return this != UNKNOWN;
  }

  /** Recognises the next bytes of {@code in}, which must support mark and reset, without consuming them. */
  static Magic peek(InputStream in) throws IOException {
    in.mark(PEEK);
    byte[] head = in.readNBytes(PEEK);
    in.reset();
    return of(head, head.length);
  }

  private static boolean startsWith(byte[] head, int length, String ascii) {
    return startsWith(head, length, ascii.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean startsWith(byte[] head, int length, byte[] prefix) {
    return length >= prefix.length && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
  }
}
