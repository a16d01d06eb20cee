package dev.imgc.fs;

import java.io.IOException;

/**
 * A {@link Content}'s bytes turned out damaged as they streamed, and their source has since put good
 * ones in their place: whatever the damaged bytes were written into is wrong, and writing it again
 * gives the right bytes.
 */
public final class RepairedContentException extends IOException {
  public RepairedContentException(String message, Throwable damage) {
    super(message, damage);
  }

  /** The exception itself or the one among its causes, if any: writers may wrap what a read threw. */
  public static java.util.Optional<RepairedContentException> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RepairedContentException repaired) {
        return java.util.Optional.of(repaired);
      }
    }
    return java.util.Optional.empty();
  }
}
