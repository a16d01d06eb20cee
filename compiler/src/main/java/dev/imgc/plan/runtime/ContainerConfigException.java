package dev.imgc.plan.runtime;

import dev.imgc.spec.model.Source;

/**
 * A container whose {@code config.json} cannot be made: its image's label is invalid, or a field
 * (from the spec or the label) has a value LinuxKit would refuse. The message is one sentence that
 * names the container, its image and the field; {@link #source} is where in the spec to point: the
 * field when the spec wrote it, else the container's entry.
 */
public final class ContainerConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Source source;

  ContainerConfigException(Source source, String message) {
    super(message);
    this.source = source;
  }

  public Source source() {
    return source;
  }
}
