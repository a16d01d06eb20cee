package dev.imgc.run;

import java.util.Locale;

/** Sizes as users write them: a number of bytes with an optional K, M, G or T suffix (powers of 1024). */
public final class Sizes {
  private Sizes() {}

  public static long parse(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
      unit = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
      t = t.substring(0, t.length() - 1);
    }
    try {
      long value = Long.parseLong(t);
      if (value > 0 && value <= Long.MAX_VALUE / unit) {
        return value * unit;
      }
    } catch (NumberFormatException e) {
      // reported below with the text as written
    }
    throw new IllegalArgumentException("'" + text + "' is not a size; write a number with K, M, G or T, e.g. 512M");
  }
}
