package dev.imgc.plan.lower;

import dev.imgc.spec.model.Source;
import java.util.Optional;

/**
 * A spec that cannot be lowered, said in one sentence at the place in the spec that is the cause, or
 * without a place when no one entry is (nothing provides {@code /init}, say).
 */
public final class LoweringException extends RuntimeException {
  private final transient Source source;

  public LoweringException(String message) {
    super(message);
    this.source = null;
  }

  public LoweringException(Source source, String message) {
    super(message);
    this.source = source;
  }

  public LoweringException(Source source, String message, Throwable cause) {
    super(message, cause);
    this.source = source;
  }

  public Optional<Source> source() {
    return Optional.ofNullable(source);
  }
}
