package dev.imgc.image;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's home directory as the environment gives it: {@code $HOME}, else the JVM's
 * {@code user.home}, which comes from the password database and so ignores {@code HOME=/elsewhere imgc …}.
 */
public final class UserHome {
  private UserHome() {}

  public static Path directory(Map<String, String> environment) {
    String home = environment.get("HOME");
    return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
  }
}
