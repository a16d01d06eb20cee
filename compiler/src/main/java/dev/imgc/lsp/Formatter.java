package dev.imgc.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.TextEdit;

/**
 * Formatting that changes only what carries no meaning and keeps every comment: trailing blanks
 * (except inside block scalars, where they are content), runs of blank lines (at most one kept),
 * and the end of the file (one line break). The rest is the author's.
 */
final class Formatter {
  /** A key or list item whose value is a block scalar ({@code |}, {@code >-}, {@code |2+} …). */
  private static final Pattern BLOCK_SCALAR = Pattern.compile("^(\\s*).*(?::|-)\\s+[|>][0-9+-]*\\s*(#.*)?$");

  private Formatter() {}

  /** The edits that format {@code document}: none when it is formatted already. */
  static List<TextEdit> format(Document document) {
    String formatted = formatted(document.lines());
    if (formatted.equals(document.text())) {
      return List.of();
    }
    return List.of(new TextEdit(document.lines().all(), formatted));
  }

  static String formatted(Lines lines) {
    String lineBreak = lines.text().contains("\r\n") ? "\r\n" : "\n";
    List<String> out = new ArrayList<>();
    int blockIndent = -1; // the indentation of the key that opened a block scalar, while inside one
    for (int i = 0; i < lines.count(); i++) {
      String line = lines.line(i);
      int indent = line.length() - line.stripLeading().length();
      boolean inBlock = blockIndent >= 0 && (line.isBlank() || indent > blockIndent);
      if (inBlock) {
        out.add(line);
        continue;
      }
      blockIndent = -1;
      String trimmed = line.stripTrailing();
      if (trimmed.isEmpty() && (out.isEmpty() || out.get(out.size() - 1).isEmpty())) {
        continue; // blank lines at the top, and a second blank line in a row
      }
      out.add(trimmed);
      var block = BLOCK_SCALAR.matcher(trimmed);
      if (block.matches() && !trimmed.stripLeading().startsWith("#")) {
        blockIndent = indent;
      }
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out.isEmpty() ? "" : String.join(lineBreak, out) + lineBreak;
  }
}
