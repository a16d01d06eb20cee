package dev.imgc.spec.model;

import java.util.List;
import java.util.Optional;

/**
 * The {@code kernel} section: the image holding the kernel, its command line, the file names inside
 * the image, and imgc's {@code modules} extension (keep only these modules and what they need).
 */
public record Kernel(
    Optional<Located<String>> image,
    Optional<Located<String>> cmdline,
    Optional<Located<String>> binary,
    Optional<Located<String>> tar,
    Optional<Located<String>> ucode,
    Optional<Located<List<String>>> modules) {
  public static final Kernel NONE =
      new Kernel(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** This kernel with each field {@code later} sets replacing this one's, as LinuxKit merges specs. */
  public Kernel overriddenBy(Kernel later) {
    return new Kernel(
        later.image.or(() -> image),
        later.cmdline.or(() -> cmdline),
        later.binary.or(() -> binary),
        later.tar.or(() -> tar),
        later.ucode.or(() -> ucode),
        later.modules.or(() -> modules));
  }
}
