package dev.imgc.inspect;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Archive member names as listed: relative, without {@code ./}, a leading or a trailing {@code /}. */
final class EntryPaths {
  /** Where a byte that is not UTF-8 goes, as Python's "surrogateescape" puts it: U+DC80 to U+DCFF. */
  static final int ESCAPED_BYTE = 0xDC00;

  private EntryPaths() {}

  /**
   * A name stored as bytes (cpio's), decoded as UTF-8 without losing any byte: each byte that is not
   * part of valid UTF-8 becomes a lone surrogate, which {@link SafeText} prints as {@code \xNN}.
   */
  static String decode(byte[] name) {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(name);
    CharBuffer out = CharBuffer.allocate(name.length);
    while (true) {
      CoderResult result = utf8.decode(in, out, true);
      if (!result.isError()) {
        break;
      }
      for (int i = 0; i < result.length(); i++) {
        out.put((char) (ESCAPED_BYTE | in.get() & 0xff));
      }
    }
    return out.flip().toString();
  }

  /** {@code ./etc/}, {@code /etc} and {@code etc} all list as {@code etc}; the root itself as {@code .}. */
  static String normalize(String name) {
    String path = name;
    while (path.startsWith("./") || path.startsWith("/")) {
      path = path.substring(path.startsWith("/") ? 1 : 2);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.isEmpty() ? "." : path;
  }
}
