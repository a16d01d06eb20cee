package dev.imgc.image.store;

import dev.imgc.image.oci.Digest;
import java.io.IOException;

/** A blob whose bytes do not hash to its name: damaged on disk or in transfer. */
public final class CorruptBlobException extends IOException {
  private final Digest expected;

  CorruptBlobException(String what, Digest expected, Digest actual) {
    super(what + " is corrupt: its content hashes to " + actual + ", not " + expected);
    this.expected = expected;
  }

  public Digest expected() {
    return expected;
  }
}
