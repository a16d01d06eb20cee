package dev.imgc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into {@code dev/imgc/version.properties}. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/imgc/version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new String[] {"imgc " + properties.getProperty("version", "unknown")};
  }
}
