package dev.imgc.image.deb;

import dev.imgc.image.ImageException;
import dev.imgc.image.UserCache;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.store.Progress;
import dev.imgc.io.TemporaryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Debian's package lists for an architecture other than the host's, kept by imgc in its cache
 * ({@code ~/.cache/imgc/apt/ARCH/}), so that {@code deb:} resolves packages for the platform built for
 * without {@code dpkg --add-architecture} or any change to the host's apt: the host's sources are read,
 * and every list, cache and status file apt writes is redirected here. The lists are fetched with
 * {@code apt-get update} on first use, and again when the host's own lists are newer (someone ran
 * {@code apt-get update}) or its sources changed.
 */
public final class ForeignPackageLists {
  private static final Path HOST_LISTS = Path.of("/var/lib/apt/lists");
  private final Path directory;
  private final String architecture;

  /** @param architecture Debian's name for the architecture ({@code arm64}) */
  public ForeignPackageLists(Path root, String architecture) {
    this.directory = root.resolve(architecture);
    this.architecture = architecture;
  }

  /** {@code apt/} in the {@linkplain UserCache user's cache} {@code cache}. */
  public static Path rootIn(Path cache) {
    return cache.resolve("apt");
  }

  /**
   * The lists {@code platform} needs, or empty when the host's apt serves it (its architecture is the
   * host's).
   */
  public static Optional<ForeignPackageLists> forPlatform(Path root, Platform platform) {
    String wanted = debianArchitecture(platform);
    return wanted.equals(debianArchitecture(Platform.host())) ? Optional.empty()
        : Optional.of(new ForeignPackageLists(root, wanted));
  }

  /** Debian's name for the architecture of {@code platform}: OCI's, but {@code i386}, {@code armhf}, {@code ppc64el}. */
  static String debianArchitecture(Platform platform) {
    return switch (platform.architecture()) {
      case "386" -> "i386";
      case "arm" -> "v7".equals(platform.variant()) || platform.variant() == null ? "armhf" : "armel";
      case "ppc64le" -> "ppc64el";
      case "mips64le" -> "mips64el";
      default -> platform.architecture();
    };
  }

  /** Debian's name for the architecture. */
  String architecture() {
    return architecture;
  }

  /** The directory holding the lists, apt's cache and an empty dpkg status. */
  public Path directory() {
    return directory;
  }

  /** The options that point an apt tool here instead of at the host's state and architecture. */
  List<String> aptOptions() {
    return List.of("-o", "APT::Architecture=" + architecture, "-o", "APT::Architectures=" + architecture,
        "-o", "Dir::State::Lists=" + lists(), "-o", "Dir::State::Status=" + status(), "-o", "Dir::Cache=" + cache());
  }

  /** What apt's answers depend on here: these lists and the host's sources, preferences and configuration. */
  AptState state(Map<String, String> environment) {
    AptState host = AptState.host(environment);
    List<Path> files = new ArrayList<>(host.files().stream()
        .filter(f -> !f.startsWith("/var/lib/dpkg") && !f.startsWith("/var/cache/apt")).toList());
    files.add(status());
    files.add(cache().resolve("pkgcache.bin"));
    List<Path> directories = new ArrayList<>(host.directories().stream().filter(d -> !d.equals(HOST_LISTS)).toList());
    directories.add(lists());
    return new AptState(architecture, files, directories);
  }

  /**
   * Fetches the lists when there are none yet, the host's are newer, or the host's sources changed
   * since; with {@code offline}, missing lists are an error instead.
   */
  void refresh(boolean offline, long timeoutSeconds, Map<String, String> environment, Progress progress) throws IOException {
    String sources = sourcesFingerprint(environment);
    boolean present = Files.isRegularFile(stamp());
    if (present && (offline || (Files.readString(stamp()).equals(sources) && !newer(HOST_LISTS, lists())))) {
      return;
    }
    if (offline) {
      throw new ImageException("imgc has no Debian package lists for " + architecture + " in " + directory
          + ", and --offline forbids fetching them; run once without --offline");
    }
    Files.createDirectories(lists().resolve("partial"));
    Files.createDirectories(cache().resolve("archives").resolve("partial"));
    if (!Files.exists(status())) {
      Files.write(status(), new byte[0]);
    }
    progress.phase("fetching Debian's " + architecture + " package lists into " + directory + " with apt-get update");
    List<String> command = new ArrayList<>(List.of("apt-get", "update", "-q",
        "-o", "Acquire::http::Timeout=" + timeoutSeconds, "-o", "Acquire::https::Timeout=" + timeoutSeconds));
    command.addAll(aptOptions());
    HostCommand.Result result = HostCommand.run(directory, command, environment);
    if (result.status() != 0 || result.stderr().lines().anyMatch(l -> l.startsWith("E:") || l.startsWith("W: Failed to fetch"))) {
      throw new ImageException("apt-get update could not fetch Debian's " + architecture + " package lists: "
          + result.stderr().strip().lines().reduce((a, b) -> b).orElse("no reason given"));
    }
    Path written = TemporaryFiles.in(directory).createFile(".stamp-", "");
    Files.writeString(written, sources);
    Files.move(written, stamp(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Path lists() {
    return directory.resolve("lists");
  }

  private Path status() {
    return directory.resolve("status");
  }

  private Path cache() {
    return directory.resolve("cache");
  }

  /** The host's sources' fingerprint when the lists were last fetched. */
  private Path stamp() {
    return directory.resolve("sources-fingerprint");
  }

  private static String sourcesFingerprint(Map<String, String> environment) {
    AptState host = AptState.host(environment);
    return new AptState("sources", host.files().stream().filter(f -> f.startsWith("/etc/apt")).toList(),
        host.directories().stream().filter(d -> d.startsWith("/etc/apt")).toList()).fingerprint();
  }

  /** Whether a file in {@code directory} changed after the newest in {@code than}. */
  private static boolean newer(Path directory, Path than) throws IOException {
    return newest(directory).compareTo(newest(than)) > 0;
  }

  private static FileTime newest(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      FileTime newest = FileTime.fromMillis(0);
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith("_InRelease")).toList()) {
        FileTime time = Files.getLastModifiedTime(file);
        newest = time.compareTo(newest) > 0 ? time : newest;
      }
      return newest;
    } catch (java.nio.file.NoSuchFileException e) {
      return FileTime.fromMillis(0);
    }
  }
}
