package dev.imgc.image;

/** An image built for another platform than the one asked for; the message names both and the fix. */
public final class PlatformMismatchException extends ImageException {
  private static final long serialVersionUID = 1L;

  public PlatformMismatchException(String message) {
    super(message);
  }
}
