package dev.imgc.pass;

import java.util.regex.Pattern;

/**
 * A {@code prune:} pattern: {@code *} matches within one path component, {@code **} across
 * components, {@code ?} one character; a pattern that names a directory matches everything under it.
 * Leading '/' and './' are ignored, as paths in a plan are relative to the root.
 */
final class Glob {
  private final Pattern pattern;

  Glob(String glob) {
    String text = glob.replaceFirst("^(\\./|/)+", "").replaceFirst("/+$", "");
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        boolean wholeComponent = i + 2 < text.length() && text.charAt(i + 2) == '/';
        regex.append(wholeComponent ? "(?:.*/)?" : ".*");
        i += wholeComponent ? 2 : 1;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    regex.append("(?:/.*)?");
    this.pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  boolean matches(String path) {
    return pattern.matcher(path).matches();
  }
}
