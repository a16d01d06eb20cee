package dev.imgc.plan;

import java.nio.charset.StandardCharsets;

/**
 * One compact JSON array, written by hand for the {@link CanonicalForm}: a plan's digest serialises
 * every root entry, and a JSON library's tree and generator cost more than the hashing (a tenth of a
 * second per warm build, before the JIT warms up). The output is byte for byte what Jackson writes for
 * the same array (compact, strings escaped as Jackson escapes them, UTF-8), so digests stay as they
 * were; {@code JsonLineTest} holds it to Jackson's output.
 */
final class JsonLine {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final StringBuilder text = new StringBuilder(160).append('[');
  private boolean first = true;

  JsonLine add(String value) {
    separate();
    text.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> text.append("\\\"");
        case '\\' -> text.append("\\\\");
        case '\b' -> text.append("\\b");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\f' -> text.append("\\f");
        case '\r' -> text.append("\\r");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c)) { // Jackson escapes characters beyond the BMP too
            text.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
          } else {
            text.append(c);
          }
        }
      }
    }
    text.append('"');
    return this;
  }

  JsonLine add(long value) {
    separate();
    text.append(value);
    return this;
  }

  JsonLine add(boolean value) {
    separate();
    text.append(value);
    return this;
  }

  /** A nested array of strings. */
  JsonLine add(JsonLine nested) {
    separate();
    text.append(nested.text).append(']');
    return this;
  }

  /** The array and a newline, in UTF-8. */
  byte[] bytes() {
    return (text + "]\n").getBytes(StandardCharsets.UTF_8);
  }

  private void separate() {
    if (!first) {
      text.append(',');
    }
    first = false;
  }
}
