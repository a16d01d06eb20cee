package dev.imgc.fs.oci;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Just enough JSON writing for the few fixed documents of an image layout, written compactly with
 * keys in a fixed order so their digests never change.
 */
final class Json {
  private Json() {}

  static String string(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  static String strings(List<String> values) {
    return values.stream().map(Json::string).collect(Collectors.joining(",", "[", "]"));
  }
}
