package dev.imgc.image.store;

import dev.imgc.image.oci.Digest;
import java.io.IOException;

/** Bytes named by their digest that do not hash to it: a blob or cached file damaged on disk or in transfer. */
public final class CorruptBlobException extends IOException {
  private final Digest expected;

  CorruptBlobException(String what, Digest expected, Digest actual) {
    super(what + " is corrupt: its content hashes to " + actual + ", not " + expected);
    this.expected = expected;
  }

  CorruptBlobException(String what, Digest expected, long expectedSize, long actualSize) {
    super(what + " is corrupt: it has " + (actualSize > expectedSize ? "more than " + expectedSize + " bytes"
        : actualSize + " bytes, not " + expectedSize));
    this.expected = expected;
  }

  public Digest expected() {
    return expected;
  }
}
