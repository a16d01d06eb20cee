package dev.imgc.inspect;

/**
 * Names and texts from artifacts as they are printed: a name may hold any byte, and a control
 * character or a bidirectional override must not reach the terminal or split a line of the listing.
 * Control bytes, and bytes of a name that are not UTF-8, print as {@code \xNN}; other invisible
 * code points as {@code \x{NNNN}}.
 */
public final class SafeText {
  private SafeText() {}

  /** Escapes backslashes (doubled), control and format characters. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
      } else if (c >= EntryPaths.ESCAPED_BYTE + 0x80 && c <= EntryPaths.ESCAPED_BYTE + 0xff) {
        out.append(String.format(java.util.Locale.ROOT, "\\x%02x", c & 0xff)); // a byte that was not UTF-8
      } else if (Character.isISOControl(c) || isInvisible(c)) {
        out.append(String.format(java.util.Locale.ROOT, "\\x{%04x}", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  private static boolean isInvisible(int c) {
    int type = Character.getType(c);
    return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE || type == Character.UNASSIGNED && c > 0xffff;
  }

  /**
   * The text {@link #escape} was given: {@code \\} is a backslash, {@code \xNN} a character below
   * U+0080 or, from U+0080 up, a byte that was not UTF-8, {@code \x{N...}} a code point.
   *
   * @throws IllegalArgumentException for an escape {@link #escape} never writes, saying which
   */
  public static String unescape(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != '\\') {
        out.append(c);
        at++;
      } else if (text.startsWith("\\", at + 1)) {
        out.append('\\');
        at += 2;
      } else if (text.startsWith("x{", at + 1)) {
        int end = text.indexOf('}', at);
        int codePoint = end < 0 ? -1 : hex(text, at + 3, end);
        if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
          throw new IllegalArgumentException("a \\x{...} escape that is not a code point in hex");
        }
        out.appendCodePoint(codePoint);
        at = end + 1;
      } else if (text.startsWith("x", at + 1) && at + 4 <= text.length() && hex(text, at + 2, at + 4) >= 0) {
        int value = hex(text, at + 2, at + 4);
        out.append((char) (value < 0x80 ? value : EntryPaths.ESCAPED_BYTE | value));
        at += 4;
      } else {
        throw new IllegalArgumentException("a backslash that is not \\\\, \\xNN or \\x{N...}");
      }
    }
    return out.toString();
  }

  /** The hex number in {@code text[from, to)}, or -1 when it is empty, too long or not hex. */
  private static int hex(String text, int from, int to) {
    if (from >= to || to - from > 6) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }
}
