package dev.imgc.spec.yaml;

import dev.imgc.spec.Position;

/**
 * Finds where characters of one string value are in its file. Exact when the scalar sits on one line
 * and reads there as it is written (plain, or quoted without escapes before the range); the whole
 * scalar otherwise.
 *
 * <p>How much of the value reads as written is worked out once, when first needed, so that placing
 * every variable of a long scalar costs time linear in its length.
 */
public final class ScalarPlacer {
  private final Position scalar;
  private final String value;
  private final String line;
  /**
   * How many of the value's first characters read the same in the line when the value starts at the
   * scalar's column (index 0) or one after it, past an opening quote (index 1); -1 until worked out.
   */
  private final int[] matching = {-1, -1};

  ScalarPlacer(Position scalar, String value, String line) {
    this.scalar = scalar;
    this.value = value;
    this.line = line;
  }

  /** A placer that answers the whole scalar (multi-line, or not a string). */
  static ScalarPlacer whole(Position scalar) {
    return new ScalarPlacer(scalar, null, null);
  }

  /** The file range of characters {@code offset..offset+length} of the value. */
  public Position at(int offset, int length) {
    if (value == null || offset > value.length()) {
      return scalar;
    }
    // The value up to the end of the range must read the same in the file, or the guess is wrong.
    int upToEnd = Math.min(value.length(), offset + length);
    for (int skip = 0; skip <= 1; skip++) {
      int from = scalar.column() - 1 + skip;
      if (matching(skip) >= upToEnd) {
        int end = Math.max(from + offset + 1, Math.min(line.length(), from + offset + length));
        return new Position(scalar.line(), from + offset + 1, scalar.line(), end + 1);
      }
    }
    return scalar;
  }

  private int matching(int skip) {
    if (matching[skip] < 0) {
      int from = scalar.column() - 1 + skip;
      int n = 0;
      while (from + n < line.length() && n < value.length() && line.charAt(from + n) == value.charAt(n)) {
        n++;
      }
      matching[skip] = n;
    }
    return matching[skip];
  }
}
