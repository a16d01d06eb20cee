package dev.imgc.image.deb;

import dev.imgc.image.FileDigests;
import dev.imgc.image.ImageException;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.UserCache;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.store.Progress;
import dev.imgc.io.AtomicFiles;
import dev.imgc.io.TemporaryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fetches Debian packages by name with the host's apt, no root needed: {@code apt-cache} resolves
 * the dependency closure, {@code apt-get download} fetches into a cache ({@code ~/.cache/imgc/debs}),
 * and every file is checked against the SHA256 apt's signed index gives for it. Closures are
 * remembered ({@link ClosureMemo}) while apt's state is unchanged, and cached files are known by
 * {@link FileDigests}, so fetching what is already fetched runs no apt tool and reads no package.
 *
 * <p>The closure follows {@code Depends} and {@code PreDepends} only (not Recommends or Suggests),
 * takes the first alternative of {@code a | b} unless another is already chosen, and skips packages
 * that are Essential or of Priority required: those are the base of every Debian system and would
 * otherwise pull in dpkg, perl and coreutils. The dependencies of a kernel package
 * ({@code linux-image-*}) are followed only to other kernel packages: the rest (kmod, linux-base, an
 * initramfs generator) serve the host's installation hooks, which imgc replaces by building the
 * initrd itself.
 *
 * <p>Packages of another architecture than the host's are resolved the same way against
 * {@link ForeignPackageLists} imgc keeps in its cache, fetched on first use.
 */
public final class AptPackages {
  private final Path cache;
  private final FileDigests digests;
  private final AptState apt;
  private final ClosureMemo closures;
  private final NetworkTimeouts timeouts;
  private final Map<String, String> toolEnvironment;
  private final Progress progress;
  private final Optional<ForeignPackageLists> foreign;
  private final boolean offline;
  private final Map<String, String> environment;
  private final Map<String, Optional<PackageInfo>> known = new HashMap<>();

  /**
   * @param apt the state apt's answers depend on, which decides whether a remembered closure holds
   * @param environment imgc's environment, whose {@code APT_CONFIG} the apt tools are given
   */
  public AptPackages(Path cache, FileDigests digests, AptState apt, NetworkTimeouts timeouts, Map<String, String> environment,
      Progress progress) {
    this(cache, digests, apt, Optional.empty(), false, timeouts, environment, progress);
  }

  private AptPackages(Path cache, FileDigests digests, AptState apt, Optional<ForeignPackageLists> foreign, boolean offline,
      NetworkTimeouts timeouts, Map<String, String> environment, Progress progress) {
    this.cache = cache;
    this.digests = digests;
    this.apt = apt;
    // a closure is remembered per architecture, so building for two machines does not resolve each over and over
    this.closures = new ClosureMemo(foreign.map(f -> cache.resolve("closures").resolve(f.architecture()))
        .orElse(cache.resolve("closures")));
    this.timeouts = timeouts;
    this.toolEnvironment = Optional.ofNullable(environment.get("APT_CONFIG")).map(c -> Map.of("APT_CONFIG", c)).orElse(Map.of());
    this.progress = progress;
    this.foreign = foreign;
    this.offline = offline;
    this.environment = Map.copyOf(environment);
  }

  /**
   * Packages for {@code platform}: the host's apt for the host's architecture, else the
   * {@link ForeignPackageLists} under {@code lists} (fetched when missing, unless {@code offline}).
   */
  public static AptPackages forPlatform(Path cache, Path lists, FileDigests digests, Platform platform, boolean offline,
      NetworkTimeouts timeouts, Map<String, String> environment, Progress progress) {
    Optional<ForeignPackageLists> foreign = ForeignPackageLists.forPlatform(lists, platform);
    AptState state = foreign.map(f -> f.state(environment)).orElseGet(() -> AptState.host(environment));
    return new AptPackages(cache, digests, state, foreign, offline, timeouts, environment, progress);
  }

  /** {@code debs/} in the {@linkplain UserCache user's cache} {@code cache}. */
  public static Path cacheIn(Path cache) {
    return cache.resolve("debs");
  }

  /** The packages and their closure, dependencies before the packages that need them. */
  public List<Path> fetch(List<String> names) throws IOException {
    List<ResolvedPackage> closure = closure(names);
    List<ResolvedPackage> missing = missing(closure);
    progress.phase(missing.isEmpty() ? "all " + closure.size() + " packages are in the cache " + cache
        : "downloading " + missing.size() + " of " + closure.size() + " packages with apt-get download");
    download(missing);
    return files(closure);
  }

  /**
   * The packages and their closure from the cache alone, as {@code --offline} has it: nothing is
   * downloaded, and a package the cache lacks is an error that names it.
   */
  public List<Path> fromCache(List<String> names) throws IOException {
    List<ResolvedPackage> closure = closure(names);
    List<ResolvedPackage> missing = missing(closure);
    if (!missing.isEmpty()) {
      throw new ImageException("the cache " + cache + " lacks " + missing.size() + " of the " + closure.size()
          + " packages " + String.join(", ", names) + " needs (" + String.join(", ", missing.stream().map(ResolvedPackage::name)
          .limit(5).toList()) + (missing.size() > 5 ? ", …" : "") + "), and --offline forbids downloading them");
    }
    progress.phase("all " + closure.size() + " packages are in the cache " + cache);
    return files(closure);
  }

  private List<ResolvedPackage> closure(List<String> names) throws IOException {
    if (foreign.isPresent()) {
      foreign.get().refresh(offline, aptTimeoutSeconds(), environment, progress);
    }
    String fingerprint = apt.fingerprint();
    List<ResolvedPackage> closure = closures.recall(names, fingerprint).orElse(null);
    if (closure == null) {
      progress.phase("resolving the dependencies of " + String.join(", ", names) + " with apt-cache");
      closure = resolve(names);
      closures.remember(names, fingerprint, closure);
    }
    return closure;
  }

  private List<ResolvedPackage> missing(List<ResolvedPackage> closure) throws IOException {
    List<ResolvedPackage> missing = new ArrayList<>();
    for (ResolvedPackage p : closure) {
      if (!isCached(p)) {
        missing.add(p);
      }
    }
    return missing;
  }

  private List<Path> files(List<ResolvedPackage> closure) {
    return closure.stream().map(p -> cache.resolve(p.fileName())).toList();
  }

  private List<ResolvedPackage> resolve(List<String> names) {
    LinkedHashSet<PackageInfo> ordered = new LinkedHashSet<>();
    for (String name : names) {
      PackageInfo info = info(name).orElseThrow(() -> new ImageException(
          "apt knows no package named '" + name + "'; check the name, or run apt-get update"));
      visit(info, ordered, new LinkedHashSet<>());
    }
    return ordered.stream().map(PackageInfo::resolved).toList();
  }

  /** Depth-first, so a package's dependencies come before it; {@code path} guards against dependency cycles. */
  private void visit(PackageInfo info, Set<PackageInfo> ordered, Set<String> path) {
    if (ordered.contains(info) || !path.add(info.name())) {
      return;
    }
    boolean kernel = info.name().startsWith("linux-image-");
    for (DependencyGroup group : dependencies(info.name())) {
      if (satisfied(group, ordered, path)) {
        continue;
      }
      choose(group).filter(chosen -> !chosen.isBase())
          .filter(chosen -> !kernel || chosen.name().startsWith("linux-image-"))
          .ifPresent(chosen -> visit(chosen, ordered, path));
    }
    ordered.add(info);
  }

  private static boolean satisfied(DependencyGroup group, Set<PackageInfo> ordered, Set<String> path) {
    for (DependencyGroup.Alternative alternative : group.alternatives()) {
      List<String> names = alternative.virtual() ? alternative.providers() : List.of(alternative.name());
      for (String name : names) {
        if (path.contains(name) || ordered.stream().anyMatch(p -> p.name().equals(name))) {
          return true;
        }
      }
    }
    return false;
  }

  private Optional<PackageInfo> choose(DependencyGroup group) {
    for (DependencyGroup.Alternative alternative : group.alternatives()) {
      List<String> names = alternative.virtual() ? alternative.providers() : List.of(alternative.name());
      for (String name : names) {
        Optional<PackageInfo> info = info(name);
        if (info.isPresent()) {
          return info;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<PackageInfo> info(String name) {
    return known.computeIfAbsent(name, n -> {
      HostCommand.Result result = HostCommand.run(Path.of("."), apt("apt-cache", "show", "--no-all-versions", n), toolEnvironment);
      return result.status() == 0 ? PackageInfo.parse(result.stdout()) : Optional.empty();
    });
  }

  private List<DependencyGroup> dependencies(String name) {
    HostCommand.Result result = HostCommand.run(Path.of("."), apt("apt-cache", "depends",
        "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", name),
        toolEnvironment);
    if (result.status() != 0) {
      throw new ImageException("apt-cache depends " + name + " failed: " + result.stderr().strip());
    }
    return DependencyGroup.parse(result.stdout());
  }

  private boolean isCached(ResolvedPackage p) throws IOException {
    Path file = cache.resolve(p.fileName());
    return Files.isRegularFile(file) && digests.sha256(file).hex().equals(p.sha256());
  }

  private void download(List<ResolvedPackage> missing) throws IOException {
    if (missing.isEmpty()) {
      return;
    }
    TemporaryFiles temporaries = TemporaryFiles.sweptIn(cache); // swept: what downloads killed outright left
    Path work = temporaries.createDirectory(".download-", "");
    try {
      List<String> wanted = missing.stream().map(p -> p.name() + "=" + p.version()).toList();
      List<DownloadUri> uris = downloadUris(work, wanted);
      String mirrors = uris.stream().map(DownloadUri::mirror).distinct().collect(Collectors.joining(", "));
      HostCommand.Result result = fetchWatched(work, wanted, uris, mirrors, missing);
      if (result.stalled()) {
        throw new ImageException("apt-get download was stopped: nothing arrived from " + mirrors + " for "
            + NetworkTimeouts.describe(stallLimit()) + " while it fetched " + names(missing)
            + "; check the mirror, or raise --read-timeout if it is merely slow");
      }
      if (result.status() != 0) {
        throw new ImageException(failure(result.stderr(), uris, missing));
      }
      List<Path> fetched;
      try (Stream<Path> listing = Files.list(work)) {
        fetched = listing.toList();
      }
      Map<String, Path> bySha256 = new HashMap<>();
      for (Path f : fetched) {
        bySha256.put(Digest.ofFile(f).hex(), f);
      }
      for (ResolvedPackage p : missing) {
        Path file = Optional.ofNullable(bySha256.get(p.sha256())).orElseThrow(() ->
            new ImageException("apt-get download gave no file with the SHA256 apt lists for " + p.name() + " " + p.version()));
        AtomicFiles.moveIntoPlace(file, cache.resolve(p.fileName()), temporaries);
      }
    } finally {
      temporaries.delete(work);
    }
  }

  /** Runs {@code apt-get download} with imgc's timeouts, reporting the bytes it wrote, stopped if they stop growing. */
  private HostCommand.Result fetchWatched(Path work, List<String> wanted, List<DownloadUri> uris, String mirrors,
      List<ResolvedPackage> missing) {
    long seconds = aptTimeoutSeconds();
    List<String> command = new ArrayList<>(apt("apt-get", "download", "-q",
        "-o", "Acquire::http::Timeout=" + seconds, "-o", "Acquire::https::Timeout=" + seconds,
        "-o", "Acquire::Retries=" + (timeouts.attempts() - 1)));
    command.addAll(wanted);
    AtomicLong reported = new AtomicLong();
    HostCommand.Watch watch = new HostCommand.Watch(stallLimit(), () -> bytesIn(work),
        now -> progress.advance(now - reported.getAndSet(now)));
    progress.start(names(missing) + " from " + mirrors, uris.stream().mapToLong(DownloadUri::size).sum());
    try {
      return HostCommand.run(work, command, toolEnvironment, Optional.of(watch));
    } finally {
      progress.done();
    }
  }

  /** The command line of an apt tool: the tool, the options pointing it at foreign lists if any, the arguments. */
  private List<String> apt(String tool, String... arguments) {
    List<String> command = new ArrayList<>(List.of(tool));
    foreign.ifPresent(f -> command.addAll(f.aptOptions()));
    command.addAll(List.of(arguments));
    return command;
  }

  /** apt's one timeout bounds both the connection and each wait for data: the longer of imgc's two. */
  private long aptTimeoutSeconds() {
    Duration longer = timeouts.connect().compareTo(timeouts.idle()) > 0 ? timeouts.connect() : timeouts.idle();
    return Math.max(1, (longer.toMillis() + 999) / 1000);
  }

  /**
   * How long the download may write nothing before the watchdog stops it: every try may wait apt's
   * timeout, then up to 30 s, apt's longest pause between tries. It catches what apt's own timeouts miss.
   */
  private Duration stallLimit() {
    return Duration.ofSeconds(timeouts.attempts() * (aptTimeoutSeconds() + 30));
  }

  /** Where apt would fetch each package from, and its size, without fetching. */
  private List<DownloadUri> downloadUris(Path work, List<String> wanted) {
    List<String> command = new ArrayList<>(apt("apt-get", "download", "--print-uris", "-q"));
    command.addAll(wanted);
    HostCommand.Result result = HostCommand.run(work, command, toolEnvironment);
    if (result.status() != 0) {
      throw new ImageException("apt-get download failed: " + lastLine(result.stderr()));
    }
    return DownloadUri.parseAll(result.stdout());
  }

  /**
   * One sentence for a failed download: the package, the mirror and apt's reason, from apt's
   * {@code E: Failed to fetch URI  REASON}; else apt's last line.
   */
  private String failure(String stderr, List<DownloadUri> uris, List<ResolvedPackage> missing) {
    for (String line : stderr.split("\n")) {
      if (!line.startsWith("E: Failed to fetch ")) {
        continue;
      }
      String[] parts = line.substring("E: Failed to fetch ".length()).split("\\s+", 2);
      Optional<DownloadUri> uri = uris.stream().filter(u -> u.uri().toString().equals(parts[0])).findFirst();
      Optional<ResolvedPackage> wanted = uri.flatMap(u -> missing.stream().filter(p -> p.fileName().equals(u.fileName())).findFirst());
      String reason = parts.length > 1 ? parts[1].strip() : "no reason given";
      String what = wanted.map(p -> p.name() + " " + p.version()).orElse(parts[0]);
      String mirror = uri.map(DownloadUri::mirror).orElse("its mirror");
      boolean timedOut = reason.toLowerCase(java.util.Locale.ROOT).contains("timed out")
          || reason.toLowerCase(java.util.Locale.ROOT).contains("timeout");
      return "apt-get could not download " + what + " from " + mirror + ": " + reason
          + (timedOut ? " (waited " + aptTimeoutSeconds() + " s, tried " + timeouts.attempts()
              + " times); raise --read-timeout if the mirror is merely slow" : "");
    }
    return "apt-get download failed: " + lastLine(stderr);
  }

  private static String names(List<ResolvedPackage> packages) {
    String first = packages.get(0).name() + " " + packages.get(0).version();
    return packages.size() == 1 ? first : first + " and " + (packages.size() - 1) + " more";
  }

  /** The bytes of the files apt has written so far (it writes each package straight to its place). */
  private static long bytesIn(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }
}
