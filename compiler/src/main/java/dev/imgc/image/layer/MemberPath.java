package dev.imgc.image.layer;

import dev.imgc.image.ImageException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The path an archive member names, made safe to place: relative, '/'-separated, without '.', empty
 * or '..' components. A name whose '..' climbs above the root has no safe place, nor has a name with a
 * NUL byte, which no file system can hold: the kernel unpacking an initrd, like every C reader, would
 * take it as the name before the NUL ({@code etc/passwd} for {@code etc/passwd\0x}), another file than
 * the one placed. Every reader of archives places members through this one rule, so none can write or
 * list a path outside the root.
 *
 * @param changed whether the name had '..' components (a reader may warn: the member moved)
 */
public record MemberPath(String path, boolean changed) {
  /** The normalised path, empty for the root itself, a name that climbs out of the root or one with a NUL. */
  public static Optional<MemberPath> of(String raw) {
    if (holdsNul(raw)) {
      return Optional.empty();
    }
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

  /** Whether the name has a NUL byte, which ends a name wherever a file system or the kernel reads one. */
  public static boolean holdsNul(String raw) {
    return raw.indexOf('\0') >= 0;
  }

  /** The name as a message shows it: a NUL as {@code \0}, so that a terminal shows where it was. */
  public static String shown(String raw) {
    return raw.replace("\0", "\\0");
  }

  /**
   * The normalised path of a member that must stay inside the root ({@code ./usr/bin/},
   * {@code /etc//passwd}); empty for the root itself.
   *
   * @param source names the archive in the error
   * @throws ImageException if the name climbs above the root with {@code ..}, or has a NUL byte
   */
  public static Optional<String> inside(String raw, String source) {
    if (holdsNul(raw)) {
      throw new ImageException(source + " holds '" + shown(raw) + "', a name with a NUL byte, which no file system can hold; fix the archive");
    }
    if (escapes(raw)) {
      throw new ImageException(source + " holds '" + raw + "', which points outside the image's root; fix the archive");
    }
    return of(raw).map(MemberPath::path);
  }
}
