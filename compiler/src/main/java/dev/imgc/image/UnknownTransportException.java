package dev.imgc.image;

/** A source written {@code NAME://…} where NAME is no transport imgc reads. */
public final class UnknownTransportException extends InvalidReferenceException {
  private static final long serialVersionUID = 1L;

  private final String transport;

  UnknownTransportException(String transport, String message) {
    super(0, message);
    this.transport = transport;
  }

  /** The name as written, so that a caller can point at it or suggest a known one. */
  public String transport() {
    return transport;
  }
}
