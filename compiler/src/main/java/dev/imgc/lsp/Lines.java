package dev.imgc.lsp;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * A document's lines, for moving between the places the protocol speaks of (0-based lines, UTF-16
 * columns) and imgc's (1-based lines, columns counted in code points, as the YAML parser counts them).
 * A line ends at {@code \n}, {@code \r\n} or a lone {@code \r}, as in YAML and the protocol. Every
 * place a client sends is clamped into the text: a client out of step never makes the server fail.
 */
final class Lines {
  private final String text;
  private final int[] starts;

  Lines(String text) {
    this.text = text;
    List<Integer> found = new ArrayList<>();
    found.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        found.add(i + 1);
      }
    }
    starts = found.stream().mapToInt(Integer::intValue).toArray();
  }

  String text() {
    return text;
  }

  int count() {
    return starts.length;
  }

  /** Line {@code line} (0-based, clamped) without its line break. */
  String line(int line) {
    int at = Math.max(0, Math.min(line, starts.length - 1));
    int end = at + 1 < starts.length ? starts[at + 1] : text.length();
    while (end > starts[at] && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(starts[at], end);
  }

  /** The offset in the text of a protocol position, clamped to the text and to the end of its line. */
  int offset(Position position) {
    int line = Math.max(0, Math.min(position.getLine(), starts.length - 1));
    int column = Math.max(0, Math.min(position.getCharacter(), line(line).length()));
    return starts[line] + column;
  }

  /** The protocol position of an offset in the text. */
  Position position(int offset) {
    int clamped = Math.max(0, Math.min(offset, text.length()));
    int line = lineOf(clamped);
    return new Position(line, Math.min(clamped - starts[line], line(line).length()));
  }

  /** The protocol range of an imgc range. */
  Range range(dev.imgc.spec.Position position) {
    return new Range(at(position.line(), position.column()), at(position.endLine(), position.endColumn()));
  }

  /** The protocol position of an imgc line and code-point column (both 1-based), clamped. */
  Position at(int line, int codePointColumn) {
    int index = Math.max(0, Math.min(line - 1, starts.length - 1));
    String content = line(index);
    int codePoints = content.codePointCount(0, content.length());
    int utf16 = content.offsetByCodePoints(0, Math.max(0, Math.min(codePointColumn - 1, codePoints)));
    return new Position(index, utf16);
  }

  /** The whole text's range. */
  Range all() {
    return new Range(new Position(0, 0), position(text.length()));
  }

  private int lineOf(int offset) {
    int low = 0;
    int high = starts.length - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (starts[middle] <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }
}
