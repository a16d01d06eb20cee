package dev.imgc.image;

import java.nio.file.Path;
import java.util.Map;

/** Where imgc keeps what it can always make again (downloaded packages, memos): never needed, only faster. */
public final class UserCache {
  private UserCache() {}

  /** {@code $XDG_CACHE_HOME/imgc}, or {@code ~/.cache/imgc}. */
  public static Path directory(Map<String, String> environment) {
    String xdg = environment.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("imgc");
  }
}
