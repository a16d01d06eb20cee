package dev.imgc.inspect;

/** An artifact that cannot be listed: the message is one sentence for the user. */
public final class InspectException extends Exception {
  public InspectException(String message) {
    super(message);
  }

  public InspectException(String message, Throwable cause) {
    super(message, cause);
  }
}
