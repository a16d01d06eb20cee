package dev.imgc.fs;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The value of an extended attribute as it was read, before anything checks its name: raw bytes,
 * which need not be text ({@code security.capability} is a binary struct, {@code security.selinux}
 * ends in a NUL). Immutable and compared by its bytes, so records holding it compare by value too.
 * Shown as lowercase hex, as {@code getfattr -e hex} shows values without its {@code 0x}.
 */
public record XattrValue(byte[] bytes) {
  public XattrValue {
    bytes = bytes.clone();
  }

  /** A copy of the bytes: the record stays immutable. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof XattrValue v && Arrays.equals(bytes, v.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "0x" + hex();
  }
}
