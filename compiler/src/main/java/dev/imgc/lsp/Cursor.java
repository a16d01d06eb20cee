package dev.imgc.lsp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in a spec the cursor is, worked out from indentation alone, so that it works on the
 * half-written YAML an editor holds while a person types (which no parser reads): the path of keys
 * and list items from the top ({@code services}, {@link #ITEM}, {@code capabilities}), whether the
 * cursor is after a key's colon, and the word typed so far.
 *
 * @param path the keys and list items enclosing the cursor, outermost first; ends with the key when
 *     {@code afterKey}
 * @param afterKey whether the cursor is in the value of a {@code key:} written on its line
 * @param prefix what is typed of the current word, up to the cursor
 * @param prefixStart the UTF-16 column where that word starts
 * @param line the cursor's line (0-based)
 */
record Cursor(List<String> path, boolean afterKey, String prefix, int prefixStart, int line) {
  /** A list item in a path. */
  static final String ITEM = "[]";

  /** {@code - - key: value}: list markers, then a key, its colon and what follows. */
  private static final Pattern KEY_LINE =
      Pattern.compile("^(\\s*)((?:-\\s+)*)([^\\s#:'\"\\[\\]{},-][^#:]*?|'[^']*'|\"[^\"]*\")\\s*:(?:\\s+(.*))?$");
  /** {@code - - value}: list markers, then what follows them. */
  private static final Pattern ITEM_LINE = Pattern.compile("^(\\s*)((?:-(?:\\s+|$))+)(.*)$");

  Cursor {
    path = List.copyOf(path);
  }

  static Cursor at(Lines lines, org.eclipse.lsp4j.Position position) {
    int line = Math.max(0, Math.min(position.getLine(), lines.count() - 1));
    String text = lines.line(line);
    String before = text.substring(0, Math.max(0, Math.min(position.getCharacter(), text.length())));
    Matcher keyLine = KEY_LINE.matcher(before);
    Matcher itemLine = ITEM_LINE.matcher(before);
    List<String> path;
    boolean afterKey = false;
    if (keyLine.matches()) {
      path = enclosing(lines, line, keyLine.group(1).length());
      addItems(path, keyLine.group(2));
      path.add(unquote(keyLine.group(3).strip()));
      afterKey = true;
      String value = keyLine.group(4) == null ? "" : keyLine.group(4);
      if (value.startsWith("[")) {
        path.add(ITEM); // a flow list: capabilities: [CAP_A, CAP_|
      }
    } else if (itemLine.matches()) {
      path = enclosing(lines, line, itemLine.group(1).length());
      addItems(path, itemLine.group(2));
    } else {
      path = enclosing(lines, line, before.length() - before.stripLeading().length());
    }
    int start = before.length();
    while (start > 0 && isWordChar(before.charAt(start - 1), afterKey || path.size() > 0 && path.get(path.size() - 1).equals(ITEM))) {
      start--;
    }
    return new Cursor(path, afterKey, before.substring(start), start, line);
  }

  /** The keys and items of the lines above {@code line} that enclose a node starting at column {@code column}. */
  static List<String> enclosing(Lines lines, int line, int column) {
    List<String> reversed = new ArrayList<>();
    int threshold = column;
    for (int i = line - 1; i >= 0 && threshold > 0; i--) {
      String text = lines.line(i);
      String stripped = text.stripLeading();
      if (stripped.isEmpty() || stripped.startsWith("#")) {
        continue;
      }
      Matcher keyLine = KEY_LINE.matcher(text);
      Matcher itemLine = ITEM_LINE.matcher(text);
      String markers;
      int markersAt;
      if (keyLine.matches()) {
        markers = keyLine.group(2);
        markersAt = keyLine.group(1).length();
        int keyColumn = markersAt + markers.length();
        if (keyColumn < threshold) {
          reversed.add(unquote(keyLine.group(3).strip()));
          threshold = keyColumn;
        }
      } else if (itemLine.matches()) {
        markers = itemLine.group(2);
        markersAt = itemLine.group(1).length();
      } else {
        continue; // the continuation of a scalar
      }
      for (int dash = markers.length() - 1; dash >= 0; dash--) {
        if (markers.charAt(dash) == '-' && markersAt + dash < threshold) {
          reversed.add(ITEM);
          threshold = markersAt + dash;
        }
      }
    }
    Collections.reverse(reversed);
    return reversed;
  }

  private static void addItems(List<String> path, String markers) {
    markers.chars().filter(c -> c == '-').forEach(c -> path.add(ITEM));
  }

  /** Characters of a word being completed: a key's, or a value's, which may hold references and paths. */
  private static boolean isWordChar(char c, boolean value) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-'
        || value && (c == '/' || c == ':' || c == '@' || c == '~' || c == '+' || c == ',');
  }

  private static String unquote(String key) {
    if (key.length() >= 2 && (key.startsWith("'") && key.endsWith("'") || key.startsWith("\"") && key.endsWith("\""))) {
      return key.substring(1, key.length() - 1);
    }
    return key;
  }
}
