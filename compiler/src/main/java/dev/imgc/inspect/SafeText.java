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
}
