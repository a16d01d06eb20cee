package dev.imgc.build;

import java.util.Optional;
import java.util.SortedMap;

/**
 * What the image store knows of an image, for an editor to show.
 *
 * @param name the store's name for it
 * @param digest the digest of its manifest
 * @param size the bytes of its config and layers, as stored (compressed)
 * @param platform {@code os/architecture[/variant]}
 * @param labels its config's labels
 * @param mobyConfig the {@code org.mobyproject.config} label LinuxKit images carry: the container settings they ask for
 */
public record ImageFacts(String name, String digest, long size, String platform, SortedMap<String, String> labels,
    Optional<String> mobyConfig) {
  /** The label LinuxKit's images carry their runtime settings in. */
  public static final String MOBY_CONFIG = "org.mobyproject.config";

  public ImageFacts {
    labels = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(labels));
  }
}
