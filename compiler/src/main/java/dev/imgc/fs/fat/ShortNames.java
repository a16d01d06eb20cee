package dev.imgc.fs.fat;

import dev.imgc.fs.block.LayoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Gives each name of one directory its 8.3 short name, deterministically: a name that already is a
 * valid 8.3 name (ignoring case) keeps it; any other gets a basis name with a numeric tail ({@code
 * LONGFI~1.TXT}), the first tail not yet taken in this directory, in the order names are added.
 */
final class ShortNames {
  private static final String SPECIAL = "!#$%&'()-@^_`{}~";

  private final Set<String> taken = new HashSet<>();
  private final Set<String> longNamesFolded = new HashSet<>();

  /** The 11-byte short name (8 + 3, space padded) for {@code name}. */
  byte[] assign(String name, String path) {
    if (!longNamesFolded.add(name.toLowerCase(Locale.ROOT))) {
      throw new LayoutException("'" + path + "' differs from another name in its directory only by case,"
          + " which FAT cannot tell apart; rename one of them");
    }
    String upper = name.toUpperCase(Locale.ROOT);
    String direct = asShortName(upper);
    if (direct != null && taken.add(direct)) {
      return direct.getBytes(StandardCharsets.US_ASCII);
    }
    String stripped = upper.replaceFirst("^\\.+", "");
    int dot = stripped.lastIndexOf('.');
    String base = clean(dot < 0 ? stripped : stripped.substring(0, dot));
    String ext = clean(dot < 0 ? "" : stripped.substring(dot + 1));
    ext = ext.substring(0, Math.min(3, ext.length()));
    if (base.isEmpty()) {
      base = "_";
    }
    for (int n = 1; n < 1_000_000; n++) {
      String tail = "~" + n;
      String candidate = pad(base.substring(0, Math.min(base.length(), 8 - tail.length())) + tail, ext);
      if (taken.add(candidate)) {
        return candidate.getBytes(StandardCharsets.US_ASCII);
      }
    }
    throw new LayoutException("too many similar names in the directory of '" + path + "' for FAT short names");
  }

  /** True when {@code name} is stored exactly by its short name, so it needs no long name. */
  static boolean isExactShortName(String name) {
    return name.equals(name.toUpperCase(Locale.ROOT)) && asShortName(name) != null;
  }

  /** The padded 11-character form of an upper-case valid 8.3 name, or null if it is not one. */
  private static String asShortName(String upper) {
    int dot = upper.indexOf('.');
    String base = dot < 0 ? upper : upper.substring(0, dot);
    String ext = dot < 0 ? "" : upper.substring(dot + 1);
    if (base.isEmpty() || base.length() > 8 || ext.length() > 3 || (dot >= 0 && ext.isEmpty())
        || !allValid(base) || !allValid(ext)) {
      return null;
    }
    return pad(base, ext);
  }

  private static boolean allValid(String part) {
    return part.chars().allMatch(ShortNames::isValid);
  }

  private static boolean isValid(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SPECIAL.indexOf(c) >= 0;
  }

  private static String clean(String part) {
    StringBuilder out = new StringBuilder();
    part.chars().filter(c -> c != ' ' && c != '.').forEach(c -> out.append(isValid(c) ? (char) c : '_'));
    return out.toString();
  }

  private static String pad(String base, String ext) {
    return String.format("%-8s%-3s", base, ext);
  }
}
