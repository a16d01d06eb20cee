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
   * pointer}; see {@link ScalarPlacer}.
   */
  public Position within(String pointer, int offset, int length) {
    return placer(pointer).at(offset, length);
  }

  /** Places characters of the string value at {@code pointer}, for many ranges of one scalar. */
  public ScalarPlacer placer(String pointer) {
    Position scalar = sourceMap.value(pointer);
    JsonNode value = root.at(pointer);
    if (scalar.line() != scalar.endLine() || !value.isTextual()) {
      return ScalarPlacer.whole(scalar);
    }
    return new ScalarPlacer(scalar, value.asText(), lineText(scalar.line()));
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
