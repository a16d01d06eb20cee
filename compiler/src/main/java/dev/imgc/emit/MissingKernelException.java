package dev.imgc.emit;

/**
 * Formats that boot a kernel asked of a spec that names none (a root-only spec). The message is one
 * sentence naming the formats and what to do; nothing has been written.
 */
public final class MissingKernelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MissingKernelException(String message) {
    super(message);
  }
}
