package dev.imgc.image.layer;

import dev.imgc.image.ImageException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The path an archive member names, made safe to place: relative, '/'-separated, without '.', empty
 * or '..' components. A name whose '..' climbs above the root has no safe place. Every reader of
 * archives places members through this one rule, so none can write or list a path outside the root.
 *
 * @param changed whether the name had '..' components (a reader may warn: the member moved)
 */
public record MemberPath(String path, boolean changed) {
  /** The normalised path, empty for the root itself or for a name that climbs out of the root. */
  public static Optional<MemberPath> of(String raw) {
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
  public static boolean escapes(String raw) {
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

  /**
   * The normalised path of a member that must stay inside the root ({@code ./usr/bin/},
   * {@code /etc//passwd}); empty for the root itself.
   *
   * @param source names the archive in the error
   * @throws ImageException if the name climbs above the root with {@code ..}
   */
  public static Optional<String> inside(String raw, String source) {
    if (escapes(raw)) {
      throw new ImageException(source + " holds '" + raw + "', which points outside the image's root; fix the archive");
    }
    return of(raw).map(MemberPath::path);
  }
}
