package dev.imgc.image;

/** An image reference that does not follow the OCI distribution syntax; names where the problem is. */
public sealed class InvalidReferenceException extends Exception permits UnknownTransportException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public InvalidReferenceException(int offset, String message) {
    super(message);
    this.offset = offset;
  }

  /** The 0-based offset of the offending character in the reference text. */
  public int offset() {
    return offset;
  }
}
