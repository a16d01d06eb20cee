package dev.imgc.image;

/**
 * A problem with an image that a person can act on: its message is one sentence naming the image or
 * blob and, where there is one, the fix. The command line prints it without a stack trace.
 */
public class ImageException extends RuntimeException {
  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
