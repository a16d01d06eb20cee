package dev.imgc.pass;

import java.util.Comparator;

/** Relations between the '/'-separated relative paths of a plan. */
final class TreePaths {
  private TreePaths() {}

  /** Whether {@code path} is strictly inside {@code dir}. */
  static boolean inside(String path, String dir) {
    return dir.isEmpty() ? !path.isEmpty()
        : path.length() > dir.length() && path.charAt(dir.length()) == '/' && path.startsWith(dir);
  }

  /** Whether {@code dir} is the {@linkplain #parent parent} of {@code path}. */
  static boolean parentOf(String path, String dir) {
    return inside(path, dir) && path.indexOf('/', dir.isEmpty() ? 0 : dir.length() + 1) < 0;
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /**
   * Component by component, so that a directory's entries follow it together ({@code a}, {@code a/b},
   * {@code a-c}); byte order within a component, the same on every machine.
   */
  static final Comparator<String> TREE_ORDER = (a, b) -> {
    int i = 0;
    int n = Math.min(a.length(), b.length());
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (i == a.length() || i == b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    char x = a.charAt(i) == '/' ? 0 : a.charAt(i);
    char y = b.charAt(i) == '/' ? 0 : b.charAt(i);
    return Character.compare(x, y);
  };
}
