package dev.imgc.plan.lower;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The path a tar member names, made safe to place: relative, '/'-separated, without '.', empty or
 * '..' components. A name whose '..' climbs above the root has no safe place and is empty.
 *
 * @param changed whether the name had '..' components (the caller warns: the member moved)
 */
record MemberPath(String path, boolean changed) {
  /** The normalised path, empty for the root itself or for a name that climbs out of the root. */
  static Optional<MemberPath> of(String raw) {
    Deque<String> parts = new ArrayDeque<>();
    boolean dotDot = false;
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        dotDot = true;
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(new MemberPath(String.join("/", parts), dotDot));
  }

  /** Whether the name climbs above the root: {@code ../etc/passwd}, {@code a/../../b}. */
  static boolean escapes(String raw) {
    int depth = 0;
    for (String part : raw.split("/")) {
      if (part.equals("..")) {
        if (--depth < 0) {
          return true;
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    return false;
  }
}
