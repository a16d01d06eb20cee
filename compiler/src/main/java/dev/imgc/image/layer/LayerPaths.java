package dev.imgc.image.layer;

import dev.imgc.image.ImageException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Brings the paths of archive members to the form a layer holds: relative, '/'-separated, no '.' or '..'. */
public final class LayerPaths {
  /**
   * Normalises {@code raw} ({@code ./usr/bin/}, {@code /etc//passwd}); empty for the root itself.
   *
   * @throws ImageException if the path climbs above the root with {@code ..}
   */
  public static Optional<String> normalize(String raw, String source) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new ImageException(source + " holds '" + raw + "', which points outside the image's root; fix the archive");
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
  }

  private LayerPaths() {}
}
