package dev.imgc.plan.lower;

import dev.imgc.spec.model.Source;

/** A spec that cannot be lowered, said in one sentence at the place in the spec that is the cause. */
public final class LoweringException extends RuntimeException {
  private final transient Source source;

  public LoweringException(Source source, String message) {
    super(message);
    this.source = source;
  }

  public LoweringException(Source source, String message, Throwable cause) {
    super(message, cause);
    this.source = source;
  }

  public Source source() {
    return source;
  }
}
