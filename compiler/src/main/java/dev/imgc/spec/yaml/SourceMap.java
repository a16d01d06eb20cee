package dev.imgc.spec.yaml;

import dev.imgc.spec.Position;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where each node of a document's JSON tree came from, by JSON pointer ({@code /onboot/0/name}).
 *
 * <p>Values copied through a YAML alias have no entry of their own; a lookup then answers with the
 * nearest enclosing node that has one, which is the alias itself.
 *
 * @param values the range of each value
 * @param keys the range of the key in front of each mapping value
 * @param plainScalars the pointers of scalars written without quotes (their type comes from their text)
 */
public record SourceMap(Map<String, Position> values, Map<String, Position> keys, Set<String> plainScalars) {
  public SourceMap {
    values = Map.copyOf(values);
    keys = Map.copyOf(keys);
    plainScalars = Set.copyOf(plainScalars);
  }

  /** The range of the value at {@code pointer}, or of its nearest ancestor that has one. */
  public Position value(String pointer) {
    for (String p = pointer; ; p = parent(p)) {
      Position position = values.get(p);
      if (position != null) {
        return position;
      }
      if (p.isEmpty()) {
        return Position.START;
      }
    }
  }

  /** The range of the key naming the value at {@code pointer}, else the range of the value. */
  public Position key(String pointer) {
    return Optional.ofNullable(keys.get(pointer)).orElseGet(() -> value(pointer));
  }

  public boolean isPlain(String pointer) {
    return plainScalars.contains(pointer);
  }

  /** This map with every pointer at or under {@code from} moved to {@code to} (a renamed key). */
  public SourceMap moved(String from, String to) {
    return new SourceMap(moved(values, from, to), moved(keys, from, to), moved(plainScalars, from, to));
  }

  private static <V> Map<String, V> moved(Map<String, V> map, String from, String to) {
    Map<String, V> out = new HashMap<>();
    map.forEach((pointer, value) -> out.put(move(pointer, from, to), value));
    return out;
  }

  /** {@code pointers} with every pointer at or under {@code from} moved to {@code to}. */
  public static Set<String> moved(Set<String> pointers, String from, String to) {
    Set<String> out = new HashSet<>();
    pointers.forEach(pointer -> out.add(move(pointer, from, to)));
    return out;
  }

  private static String move(String pointer, String from, String to) {
    if (pointer.equals(from) || pointer.startsWith(from + "/")) {
      return to + pointer.substring(from.length());
    }
    return pointer;
  }

  static String parent(String pointer) {
    return pointer.substring(0, Math.max(0, pointer.lastIndexOf('/')));
  }

  /** The pointer of {@code child} (a key or an index) inside {@code pointer}, escaped as RFC 6901 says. */
  public static String child(String pointer, String child) {
    return pointer + "/" + child.replace("~", "~0").replace("/", "~1");
  }

  public static String child(String pointer, int index) {
    return pointer + "/" + index;
  }
}
