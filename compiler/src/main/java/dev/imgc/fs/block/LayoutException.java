package dev.imgc.fs.block;

/**
 * The contents cannot be laid out in the asked format (too large, a name the format cannot hold, an
 * entry kind it has no place for). The message is one sentence for a person: the figures and the fix.
 * Thrown before anything is written.
 */
public final class LayoutException extends RuntimeException {
  public LayoutException(String message) {
    super(message);
  }
}
