package dev.imgc.image.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A content digest as OCI writes it, {@code sha256:<64 lowercase hex digits>}; only sha256 is used. */
public record Digest(String hex) implements Comparable<Digest> {
  public Digest {
    if (!isSha256Hex(hex)) {
      throw new IllegalArgumentException("not a sha256 digest: " + hex);
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
    return new Digest(HexFormat.of().formatHex(sha256));
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
    return hex.substring(0, 12);
  }

  @JsonValue
  @Override
  public String toString() {
    return "sha256:" + hex;
  }

  @Override
  public int compareTo(Digest other) {
    return hex.compareTo(other.hex);
  }
}
