package dev.imgc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What identifies this build of imgc to the build cache, so that outputs an older or newer imgc wrote
 * are never reused: the version, and the code's size and time — the jar's, which change whenever it is
 * rebuilt, or, run from a directory of classes (tests, an IDE), the newest class file's.
 */
final class ToolIdentity {
  private ToolIdentity() {}

  /** Empty when the code cannot be told from another build of it: then nothing may be reused. */
  static Optional<String> current() {
    String version = new VersionProvider().getVersion()[0];
    try {
      Path code = Path.of(ToolIdentity.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      BasicFileAttributes jar = Files.readAttributes(code, BasicFileAttributes.class);
      if (!jar.isDirectory()) {
        return Optional.of(version + " jar " + jar.size() + " " + jar.lastModifiedTime().toInstant());
      }
      try (Stream<Path> files = Files.walk(code)) {
        FileTime newest = files.map(ToolIdentity::modified).max(FileTime::compareTo).orElseThrow();
        return Optional.of(version + " classes " + newest.toInstant());
      }
    } catch (URISyntaxException | IOException | UncheckedIOException | SecurityException unknown) {
      return Optional.empty();
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
