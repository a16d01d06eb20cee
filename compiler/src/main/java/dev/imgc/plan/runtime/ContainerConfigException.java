package dev.imgc.plan.runtime;

/**
 * A container whose {@code config.json} cannot be made: its image's label is invalid, or a field
 * (from the spec or the label) has a value LinuxKit would refuse. The message is one sentence that
 * names the container, its image and the field.
 */
public final class ContainerConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  ContainerConfigException(String message) {
    super(message);
  }
}
