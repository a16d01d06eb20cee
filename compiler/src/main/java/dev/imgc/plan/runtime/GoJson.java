package dev.imgc.plan.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a JSON tree the way Go's {@code json.MarshalIndent(v, "", "    ")} does, which is how
 * LinuxKit writes {@code config.json} and {@code runtime.json}: members in the tree's order, four
 * spaces of indent, {@code {}} and {@code []} for empty containers, Go's string escapes (including
 * {@code <}, {@code >} and {@code &}), and no final newline. Output is a pure function of the tree.
 */
final class GoJson {
  private static final String INDENT = "    ";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** How Go orders strings (map keys in JSON, sort.Strings): by their UTF-8 bytes. */
  static final Comparator<String> STRING_ORDER =
      (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private GoJson() {}

  static byte[] write(JsonNode tree) {
    StringBuilder out = new StringBuilder();
    value(tree, 0, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void value(JsonNode node, int depth, StringBuilder out) {
    if (node.isObject()) {
      object(node, depth, out);
    } else if (node.isArray()) {
      array(node, depth, out);
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else if (node.isNumber() || node.isBoolean() || node.isNull()) {
      out.append(node.asText());
    } else {
      throw new IllegalArgumentException("no JSON form for " + node.getNodeType());
    }
  }

  private static void object(JsonNode node, int depth, StringBuilder out) {
    if (node.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      newline(depth + 1, out);
      string(member.getKey(), out);
      out.append(": ");
      value(member.getValue(), depth + 1, out);
      if (it.hasNext()) {
        out.append(',');
      }
    }
    newline(depth, out);
    out.append('}');
  }

  private static void array(JsonNode node, int depth, StringBuilder out) {
    if (node.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append('[');
    for (int i = 0; i < node.size(); i++) {
      newline(depth + 1, out);
      value(node.get(i), depth + 1, out);
      if (i + 1 < node.size()) {
        out.append(',');
      }
    }
    newline(depth, out);
    out.append(']');
  }

  private static void newline(int depth, StringBuilder out) {
    out.append('\n').append(INDENT.repeat(depth));
  }

  /** Go's encodeState.string with HTML escaping on, as json.Marshal uses it. */
  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            unicodeEscape(c, out);
          } else if (Character.isSurrogate(c) && !isPairAt(text, i)) {
            out.append("\\ufffd"); // Go writes invalid UTF-16/UTF-8 as the replacement character
          } else {
            out.append(c);
            if (Character.isHighSurrogate(c)) {
              out.append(text.charAt(++i));
            }
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean isPairAt(String text, int i) {
    return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
  }

  private static void unicodeEscape(char c, StringBuilder out) {
    out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
  }
}
