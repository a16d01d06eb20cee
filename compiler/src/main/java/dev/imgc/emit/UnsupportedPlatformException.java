package dev.imgc.emit;

/**
 * An appliance that cannot be built or booted for its platform: a platform imgc does not build for, a
 * kernel of another architecture, a BIOS format for a machine without a BIOS. The message is one
 * sentence naming both sides and what to do.
 */
public final class UnsupportedPlatformException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedPlatformException(String message) {
    super(message);
  }
}
