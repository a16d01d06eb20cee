package dev.imgc.image.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content digest as OCI writes it, {@code sha256:<64 lowercase hex digits>}; only sha256 is used.
 *
 * <p>Held as the hash's 32 bytes in four longs, not as its hex text: a plan keeps a digest for every
 * file of the tree, and 48 bytes each instead of 120 is much of what a large tree's plan weighs.
 */
public final class Digest implements Comparable<Digest> {
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  private final long a;
  private final long b;
  private final long c;
  private final long d;

  /** The digest whose hash is {@code hex}, 64 lower-case hex digits. */
  public Digest(String hex) {
    if (!isSha256Hex(hex)) {
      throw new IllegalArgumentException("not a sha256 digest: " + hex);
    }
    this.a = Long.parseUnsignedLong(hex, 0, 16, 16);
    this.b = Long.parseUnsignedLong(hex, 16, 32, 16);
    this.c = Long.parseUnsignedLong(hex, 32, 48, 16);
    this.d = Long.parseUnsignedLong(hex, 48, 64, 16);
  }

  private Digest(long a, long b, long c, long d) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** The hash as 64 lower-case hex digits. */
  public String hex() {
    return text("");
  }

  /**
   * {@code prefix} and the hash's hex digits, written into one array: a plan's digest writes one for
   * every file, where four hex strings joined, then joined to the prefix, cost it milliseconds.
   */
  private String text(String prefix) {
    byte[] text = new byte[prefix.length() + 64];
    for (int i = 0; i < prefix.length(); i++) {
      text[i] = (byte) prefix.charAt(i);
    }
    int at = prefix.length();
    hex(a, text, at);
    hex(b, text, at + 16);
    hex(c, text, at + 32);
    hex(d, text, at + 48);
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  private static void hex(long word, byte[] text, int at) {
    for (int i = 15; i >= 0; i--, word >>>= 4) {
      text[at + i] = HEX_DIGITS[(int) word & 0xF];
    }
  }

  /** 64 lower-case hex digits; a loop, not a regular expression, as plans make thousands of digests. */
  private static boolean isSha256Hex(String hex) {
    if (hex.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = hex.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  /** Parses {@code sha256:HEX}; anything else is an {@link IllegalArgumentException}. */
  @JsonCreator
  public static Digest parse(String text) {
    if (!text.startsWith("sha256:")) {
      throw new IllegalArgumentException("unsupported digest (only sha256 is supported): " + text);
    }
    return new Digest(text.substring("sha256:".length()));
  }

  public static Digest of(byte[] bytes) {
    return fromHash(newHasher().digest(bytes));
  }

  /** The digest of {@code file}'s bytes, read now. */
  public static Digest ofFile(Path file) throws IOException {
    MessageDigest hasher = newHasher();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        hasher.update(buffer, 0, n);
      }
    }
    return fromHash(hasher.digest());
  }

  public static Digest fromHash(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("a sha256 hash is 32 bytes, not " + sha256.length);
    }
    ByteBuffer hash = ByteBuffer.wrap(sha256);
    return new Digest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
  }

  public static MessageDigest newHasher() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The first 12 hex digits, as image listings show a digest. */
  public String shortHex() {
    return HexFormat.of().toHexDigits(a).substring(0, 12);
  }

  @JsonValue
  @Override
  public String toString() {
    return text("sha256:");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Digest o && a == o.a && b == o.b && c == o.c && d == o.d;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(a);
  }

  /** The order of the hex text: the hash's bytes compared unsigned, first to last. */
  @Override
  public int compareTo(Digest other) {
    int order = Long.compareUnsigned(a, other.a);
    order = order != 0 ? order : Long.compareUnsigned(b, other.b);
    order = order != 0 ? order : Long.compareUnsigned(c, other.c);
    return order != 0 ? order : Long.compareUnsigned(d, other.d);
  }
}
