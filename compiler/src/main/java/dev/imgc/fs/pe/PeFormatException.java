package dev.imgc.fs.pe;

import java.io.IOException;

/** The stub is not a PE image sections can be added to, or the result would not fit PE's fields. */
public final class PeFormatException extends IOException {
  public PeFormatException(String message) {
    super(message);
  }
}
