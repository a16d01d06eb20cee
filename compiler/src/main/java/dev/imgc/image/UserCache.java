package dev.imgc.image;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where imgc keeps what it can always make again (downloaded packages, file contents, layer listings,
 * earlier outputs, memos): never needed, only faster. One directory, wherever the image store is.
 */
public final class UserCache {
  private UserCache() {}

  /** {@code $IMGC_CACHE}, else {@code $XDG_CACHE_HOME/imgc}, else {@code $HOME/.cache/imgc}. */
  public static Path directory(Map<String, String> environment) {
    String named = environment.get("IMGC_CACHE");
    if (named != null && !named.isEmpty()) {
      return Path.of(named);
    }
    String xdg = environment.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : UserHome.directory(environment).resolve(".cache");
    return base.resolve("imgc");
  }
}
