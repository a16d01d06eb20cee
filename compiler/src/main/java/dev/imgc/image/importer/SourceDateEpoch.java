package dev.imgc.image.importer;

import dev.imgc.image.ImageException;
import java.time.Instant;
import java.util.Map;

/**
 * The one time an import writes: every file's mtime and the image's creation time. It is
 * {@code SOURCE_DATE_EPOCH} when set (the reproducible-builds convention), else the epoch itself, so
 * importing the same input twice gives the same digests.
 */
public record SourceDateEpoch(long seconds) {
  public static SourceDateEpoch from(Map<String, String> environment) {
    String value = environment.get("SOURCE_DATE_EPOCH");
    if (value == null || value.isBlank()) {
      return new SourceDateEpoch(0);
    }
    try {
      return new SourceDateEpoch(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new ImageException("SOURCE_DATE_EPOCH must be a number of seconds, not '" + value + "'");
    }
  }

  /** The time as an image config writes it: {@code 1970-01-01T00:00:00Z}. */
  public String iso() {
    return Instant.ofEpochSecond(seconds).toString();
  }
}
