package dev.imgc.fs.pe;

import dev.imgc.fs.Content;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * A section to add to the stub: its name (at most 8 bytes, such as {@code .linux}), its size and its
 * bytes, streamed when the image is written.
 */
public record UkiSection(String name, long size, Content content) {
  public UkiSection {
    if (name.getBytes(StandardCharsets.US_ASCII).length > 8) {
      throw new IllegalArgumentException("a PE section name has at most 8 bytes: " + name);
    }
  }

  /** A small section held as text, such as {@code .cmdline} or {@code .osrel}. */
  public static UkiSection text(String name, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new UkiSection(name, bytes.length, () -> new ByteArrayInputStream(bytes));
  }
}
