package dev.imgc.fs;

import java.io.IOException;
import java.io.InputStream;

/**
 * Content whose bytes are known by their digest before they are read: what lets a writer reuse what
 * it wrote from the same bytes earlier (an initrd's compressed segments) without reading them again.
 *
 * @param digest the bytes' digest, as {@code sha256:HEX}
 * @param bytes opens the bytes
 */
public record DigestedContent(String digest, Content bytes) implements Content {
  @Override
  public InputStream open() throws IOException {
    return bytes.open();
  }
}
