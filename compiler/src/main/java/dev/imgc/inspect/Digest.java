package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of content read once through a small buffer, so no file is ever held in memory. */
final class Digest {
  private static final int BUFFER = 64 * 1024;

  /** The size and hex SHA-256 of some bytes. */
  record Result(long size, String sha256) {}

  private Digest() {}

  /** Reads {@code in} to its end (without closing it). */
  static Result of(InputStream in) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[BUFFER];
    long size = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
      size += n;
    }
    return new Result(size, HexFormat.of().formatHex(digest.digest()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
