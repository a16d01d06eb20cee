package dev.imgc.fs;

/**
 * Content whose bytes are known by their digest before they are read: what lets a writer reuse what
 * it wrote from the same bytes earlier (an initrd's compressed segments) without reading them again.
 */
public interface DigestedContent extends Content {
  /** The bytes' digest, as {@code sha256:HEX}. */
  String digest();
}
