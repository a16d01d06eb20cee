package dev.imgc.boot.init;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for the POSIX shell the generated init runs in (busybox ash). */
final class Shell {
  private Shell() {}

  /** {@code word} as one shell word: single-quoted unless it needs no quoting at all. */
  static String quote(String word) {
    if (!word.isEmpty() && word.chars().allMatch(Shell::isSafe)) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** Each of {@code words} quoted, joined by spaces. */
  static String words(List<String> words) {
    return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }

  private static boolean isSafe(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/._-+=:,@%".indexOf(c) >= 0;
  }
}
