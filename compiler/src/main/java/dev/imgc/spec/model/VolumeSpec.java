package dev.imgc.spec.model;

import java.util.List;
import java.util.Optional;

/** One {@code volumes[]} entry: a named volume, optionally filled from an image. */
public record VolumeSpec(
    Located<String> name,
    Optional<Located<String>> image,
    boolean readonly,
    Optional<Located<String>> format,
    List<String> platforms,
    Source source) {
  public VolumeSpec {
    platforms = List.copyOf(platforms);
  }
}
