package dev.imgc.inspect;

/** Archive member names as listed: relative, without {@code ./}, a leading or a trailing {@code /}. */
final class EntryPaths {
  private EntryPaths() {}

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
