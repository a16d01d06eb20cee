package dev.imgc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code imgc --version} prints: the version Maven wrote into {@code dev/imgc/version.properties},
 * the commit {@code packaging/build-info} wrote into {@code dev/imgc/build.properties} ("unknown commit"
 * for a build outside a git checkout), and the Java runtime running it, as a bug report needs them.
 */
final class VersionProvider implements IVersionProvider {
  /** Read once: a compile asks for them three times (its command line, and {@link ToolIdentity} twice). */
  private static final class Lines {
    static final String[] VERSION = {
      "imgc " + version() + " (" + commit() + ")",
      "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }

  @Override
  public String[] getVersion() {
    return Lines.VERSION.clone();
  }

  /** The project's version, as in pom.xml. */
  static String version() {
    return property("/dev/imgc/version.properties", "version", "unknown");
  }

  /** "commit 0123456789ab" (with "-modified" for a checkout with uncommitted changes), or "unknown commit". */
  static String commit() {
    String commit = property("/dev/imgc/build.properties", "commit", "");
    return commit.isEmpty() ? "unknown commit" : "commit " + commit;
  }

  /** Where a user reads about imgc and its rules (an absolute URI, as SARIF requires). */
  static String informationUri() {
    return property("/dev/imgc/version.properties", "informationUri", "");
  }

  private static String property(String resource, String key, String absent) {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(resource)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty(key, absent);
  }
}
