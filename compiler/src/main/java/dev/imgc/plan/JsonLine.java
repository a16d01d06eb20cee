package dev.imgc.plan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One compact JSON array, written by hand for the {@link CanonicalForm}: a plan's digest serialises
 * every root entry, and a JSON library's tree and generator cost more than the hashing (a tenth of a
 * second per warm build, before the JIT warms up). The output is byte for byte what Jackson writes for
 * the same array (compact, strings escaped as Jackson escapes them, UTF-8), so digests stay as they
 * were; {@code JsonLineTest} holds it to Jackson's output.
 */
final class JsonLine {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  // written as UTF-8 as it goes: a plan's digest writes a line per entry, and building each as text
  // first, then encoding it, was half the time its digest took
  private byte[] bytes = new byte[160];
  private int size = 1;
  private boolean first = true;

  JsonLine() {
    bytes[0] = '[';
  }

  JsonLine add(String value) {
    separate();
    ensure(value.length() * 6 + 2); // the most a character takes: escaped, a backslash, u and four digits
    bytes[size++] = '"';
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> escape('"');
        case '\\' -> escape('\\');
        case '\b' -> escape('b');
        case '\t' -> escape('t');
        case '\n' -> escape('n');
        case '\f' -> escape('f');
        case '\r' -> escape('r');
        default -> {
          if (c < 0x20 || Character.isSurrogate(c)) { // Jackson escapes characters beyond the BMP too
            escape('u');
            bytes[size++] = HEX[c >> 12];
            bytes[size++] = HEX[(c >> 8) & 0xF];
            bytes[size++] = HEX[(c >> 4) & 0xF];
            bytes[size++] = HEX[c & 0xF];
          } else if (c < 0x80) {
            bytes[size++] = (byte) c;
          } else if (c < 0x800) {
            bytes[size++] = (byte) (0xC0 | (c >> 6));
            bytes[size++] = (byte) (0x80 | (c & 0x3F));
          } else {
            bytes[size++] = (byte) (0xE0 | (c >> 12));
            bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            bytes[size++] = (byte) (0x80 | (c & 0x3F));
          }
        }
      }
    }
    bytes[size++] = '"';
    return this;
  }

  JsonLine add(long value) {
    separate();
    ascii(Long.toString(value));
    return this;
  }

  JsonLine add(boolean value) {
    separate();
    ascii(value ? "true" : "false");
    return this;
  }

  /** A nested array of strings. */
  JsonLine add(JsonLine nested) {
    separate();
    ensure(nested.size + 1);
    System.arraycopy(nested.bytes, 0, bytes, size, nested.size);
    size += nested.size;
    bytes[size++] = ']';
    return this;
  }

  /** The array and a newline, in UTF-8. */
  byte[] bytes() {
    byte[] line = Arrays.copyOf(bytes, size + 2);
    line[size] = ']';
    line[size + 1] = '\n';
    return line;
  }

  /** Writes {@link #bytes} to {@code out}. */
  void writeTo(ByteArrayOutputStream out) {
    out.write(bytes, 0, size);
    out.write(']');
    out.write('\n');
  }

  private void escape(char c) {
    bytes[size++] = '\\';
    bytes[size++] = (byte) c;
  }

  private void ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      bytes[size++] = (byte) text.charAt(i);
    }
  }

  private void separate() {
    if (!first) {
      ensure(1);
      bytes[size++] = ',';
    }
    first = false;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
