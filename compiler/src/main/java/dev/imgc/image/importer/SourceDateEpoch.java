package dev.imgc.image.importer;

import dev.imgc.image.ImageException;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code SOURCE_DATE_EPOCH}, as reproducible-builds.org recommends using it: when set, no time imgc
 * writes is later than it (a later time from a layer or an imported file is clamped to it), and what
 * imgc makes itself (a generated {@code /init}, a {@code files:} entry, a directory it adds, an
 * image's creation time) carries it. When unset, times from layers and imports are kept as they are,
 * and what imgc makes carries the epoch itself: the same inputs give the same bytes either way.
 *
 * @param seconds the variable's value, when set
 */
public record SourceDateEpoch(OptionalLong seconds) {
  /** {@code SOURCE_DATE_EPOCH} unset: every time kept, what imgc makes dated 1970-01-01. */
  public static final SourceDateEpoch UNSET = new SourceDateEpoch(OptionalLong.empty());

  public static SourceDateEpoch of(long seconds) {
    return new SourceDateEpoch(OptionalLong.of(seconds));
  }

  public static SourceDateEpoch from(Map<String, String> environment) {
    String value = environment.get("SOURCE_DATE_EPOCH");
    if (value == null || value.isBlank()) {
      return UNSET;
    }
    try {
      return of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new ImageException("SOURCE_DATE_EPOCH must be a number of seconds, not '" + value + "'");
    }
  }

  /** The time of what imgc makes itself: {@code SOURCE_DATE_EPOCH}, or 0 when it is unset. */
  public long generated() {
    return seconds.orElse(0);
  }

  /** {@code mtime}, or {@code SOURCE_DATE_EPOCH} when that is set and earlier. */
  public long clamp(long mtime) {
    return seconds.isPresent() && mtime > seconds.getAsLong() ? seconds.getAsLong() : mtime;
  }

  /** {@link #generated} as an image config writes it: {@code 1970-01-01T00:00:00Z}. */
  public String iso() {
    return Instant.ofEpochSecond(generated()).toString();
  }

  /** {@code 1700000000}, or {@code unset}: as a plan, a cache key and a memo key name it. */
  @Override
  public String toString() {
    return seconds.isPresent() ? Long.toString(seconds.getAsLong()) : "unset";
  }
}
