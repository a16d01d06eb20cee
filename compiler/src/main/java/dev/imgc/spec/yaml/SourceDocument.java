package dev.imgc.spec.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.spec.Position;

/**
 * A spec file read as a JSON tree, with where in the file each of its nodes is.
 *
 * @param text the file's text, for placing problems found inside a scalar
 */
public record SourceDocument(String file, String text, JsonNode root, SourceMap sourceMap) {
  /** The same document with another tree (after interpolation), positions unchanged. */
  public SourceDocument withRoot(JsonNode newRoot) {
    return new SourceDocument(file, text, newRoot, sourceMap);
  }

  /**
   * The file range of characters {@code offset..offset+length} of the string value at {@code
   * pointer}. Exact when the scalar sits on one line and reads there as it is written (plain, or
   * quoted without escapes before the offset); the whole scalar otherwise.
   */
  public Position within(String pointer, int offset, int length) {
    Position scalar = sourceMap.value(pointer);
    JsonNode value = root.at(pointer);
    if (scalar.line() != scalar.endLine() || !value.isTextual() || offset > value.asText().length()) {
      return scalar;
    }
    // The value up to the end of the range must read the same in the file, or the guess is wrong.
    String upToEnd = value.asText().substring(0, Math.min(value.asText().length(), offset + length));
    String line = lineText(scalar.line());
    for (int skip = 0; skip <= 1; skip++) { // 1 steps over an opening quote
      int from = scalar.column() - 1 + skip;
      if (line.startsWith(upToEnd, from)) {
        int end = Math.max(from + offset + 1, Math.min(line.length(), from + offset + length));
        return new Position(scalar.line(), from + offset + 1, scalar.line(), end + 1);
      }
    }
    return scalar;
  }

  private String lineText(int line) {
    int start = 0;
    for (int i = 1; i < line; i++) {
      start = text.indexOf('\n', start) + 1;
      if (start == 0) {
        return "";
      }
    }
    int end = text.indexOf('\n', start);
    return text.substring(start, end < 0 ? text.length() : end);
  }
}
