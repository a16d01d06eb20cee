package dev.imgc.fs.cpio;

import java.io.IOException;

/**
 * A tree does not fit the cpio "newc" format. Raised before the first byte is written, so a caller
 * never leaves a half-written archive behind; the message names the entry, the figure and the fix.
 */
public final class CpioLimitException extends IOException {
  public CpioLimitException(String message) {
    super(message);
  }
}
