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

  /** A stream that hashes and counts what is read through it, for content read by something else as well. */
  static final class Hashing extends java.io.FilterInputStream {
    private final MessageDigest digest = sha256();
    private long size;

    Hashing(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        digest.update((byte) b);
        size++;
      }
      return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      int n = in.read(bytes, offset, length);
      if (n > 0) {
        digest.update(bytes, offset, n);
        size += n;
      }
      return n;
    }

    /** Skipped bytes are read, since they are content too. */
    @Override
    public long skip(long count) throws IOException {
      byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(0, count))];
      int n = read(buffer, 0, buffer.length);
      return Math.max(0, n);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    Result result() {
      return new Result(size, HexFormat.of().formatHex(digest.digest()));
    }
  }

  /** Reads {@code in} to its end (without closing it). */
  static Result of(InputStream in) throws IOException {
    Hashing hashing = new Hashing(in);
    drain(hashing);
    return hashing.result();
  }

  /** Reads {@code in} to its end through a 64 KiB buffer (transferTo's is 8 KiB), discarding what it reads. */
  static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[BUFFER];
    while (in.read(buffer) >= 0) {
      // the bytes were hashed, copied or counted on their way
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
