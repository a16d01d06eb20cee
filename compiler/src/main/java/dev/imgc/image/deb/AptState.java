package dev.imgc.image.deb;

import dev.imgc.image.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The inputs that decide what apt answers about packages, told apart cheaply by the size, time and
 * inode of each file (no file is read): the package lists {@code apt-get update} fetches, dpkg's
 * status, sources, pinning preferences and configuration. A change to any of them, or a file added
 * or removed, changes the {@link #fingerprint()}.
 *
 * @param architecture the host's architecture (as the JVM names it), which picks the package lists' entries
 * @param files files apt reads; a missing one is part of the fingerprint too, so creating it changes it
 * @param directories directories whose files apt reads: their regular files, at the top level only,
 *     apt's {@code lock} aside (so not {@code lists/partial/}, where downloads in progress go)
 */
public record AptState(String architecture, List<Path> files, List<Path> directories) {
  public AptState {
    files = List.copyOf(files);
    directories = List.copyOf(directories);
  }

  /**
   * Where Debian's apt reads its state ({@code apt-config dump} names these; imgc leaves out what only
   * installing or downloading uses), and the file {@code APT_CONFIG} names, if set.
   */
  public static AptState host(Map<String, String> environment) {
    List<Path> files = new ArrayList<>(List.of(
        Path.of("/var/lib/dpkg/status"),
        Path.of("/var/lib/dpkg/arch"),
        Path.of("/etc/apt/sources.list"),
        Path.of("/etc/apt/preferences"),
        Path.of("/etc/apt/apt.conf"),
        Path.of("/var/cache/apt/pkgcache.bin")));
    String config = environment.get("APT_CONFIG");
    if (config != null && !config.isEmpty()) {
      files.add(Path.of(config));
    }
    return new AptState(System.getProperty("os.arch"), files, List.of(
        Path.of("/var/lib/apt/lists"),
        Path.of("/etc/apt/sources.list.d"),
        Path.of("/etc/apt/preferences.d"),
        Path.of("/etc/apt/apt.conf.d")));
  }

  /** A digest of the architecture and every input's path, size, modification time and inode. */
  public String fingerprint() {
    StringBuilder text = new StringBuilder("architecture ").append(architecture).append('\n');
    for (Path file : files) {
      describe(file, text);
    }
    for (Path directory : directories) {
      try (Stream<Path> listing = Files.list(directory)) {
        for (Path file : listing.sorted().toList()) {
          if (Files.isRegularFile(file) && !file.getFileName().toString().equals("lock")) {
            describe(file, text);
          }
        }
      } catch (IOException e) { // missing or unreadable: apt sees nothing there either
        text.append(directory).append(" unlisted\n");
      }
    }
    return Digest.of(text.toString().getBytes(StandardCharsets.UTF_8)).hex();
  }

  private static void describe(Path file, StringBuilder text) {
    text.append(file).append(' ');
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      text.append(attributes.size()).append(' ').append(attributes.lastModifiedTime().toInstant())
          .append(' ').append(attributes.fileKey());
    } catch (NoSuchFileException e) {
      text.append("absent");
    } catch (IOException e) {
      text.append("unreadable");
    }
    text.append('\n');
  }
}
