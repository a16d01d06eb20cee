package dev.imgc.image.deb;

import dev.imgc.image.ImageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Fetches Debian packages by name with the host's apt, no root needed: {@code apt-cache} resolves
 * the dependency closure, {@code apt-get download} fetches into a cache ({@code ~/.cache/imgc/debs}),
 * and every file is checked against the SHA256 apt's signed index gives for it.
 *
 * <p>The closure follows {@code Depends} and {@code PreDepends} only (not Recommends or Suggests),
 * takes the first alternative of {@code a | b} unless another is already chosen, and skips packages
 * that are Essential or of Priority required: those are the base of every Debian system and would
 * otherwise pull in dpkg, perl and coreutils. The dependencies of a kernel package
 * ({@code linux-image-*}) are followed only to other kernel packages: the rest (kmod, linux-base, an
 * initramfs generator) serve the host's installation hooks, which imgc replaces by building the
 * initrd itself.
 */
public final class AptPackages {
  private final Path cache;
  private final Map<String, Optional<PackageInfo>> known = new HashMap<>();

  public AptPackages(Path cache) {
    this.cache = cache;
  }

  /** {@code $XDG_CACHE_HOME/imgc/debs}, or {@code ~/.cache/imgc/debs}. */
  public static Path defaultCache(Map<String, String> environment) {
    String xdg = environment.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("imgc").resolve("debs");
  }

  /** The packages and their closure, dependencies before the packages that need them. */
  public List<Path> fetch(List<String> names) throws IOException {
    LinkedHashSet<PackageInfo> ordered = new LinkedHashSet<>();
    for (String name : names) {
      PackageInfo info = info(name).orElseThrow(() -> new ImageException(
          "apt knows no package named '" + name + "'; check the name, or run apt-get update"));
      visit(info, ordered, new LinkedHashSet<>());
    }
    download(ordered.stream().filter(p -> !isCached(p)).toList());
    List<Path> files = new ArrayList<>();
    for (PackageInfo p : ordered) {
      files.add(cache.resolve(p.fileName()));
    }
    return files;
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
      HostCommand.Result result = HostCommand.run(Path.of("."), List.of("apt-cache", "show", "--no-all-versions", n));
      return result.status() == 0 ? PackageInfo.parse(result.stdout()) : Optional.empty();
    });
  }

  private static List<DependencyGroup> dependencies(String name) {
    HostCommand.Result result = HostCommand.run(Path.of("."), List.of("apt-cache", "depends",
        "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", name));
    if (result.status() != 0) {
      throw new ImageException("apt-cache depends " + name + " failed: " + result.stderr().strip());
    }
    return DependencyGroup.parse(result.stdout());
  }

  private boolean isCached(PackageInfo p) {
    Path file = cache.resolve(p.fileName());
    return Files.isRegularFile(file) && sha256(file).equals(p.sha256());
  }

  private void download(List<PackageInfo> missing) throws IOException {
    if (missing.isEmpty()) {
      return;
    }
    Files.createDirectories(cache);
    Path work = Files.createTempDirectory(cache, ".download-");
    try {
      List<String> command = new ArrayList<>(List.of("apt-get", "download", "-q"));
      missing.forEach(p -> command.add(p.name() + "=" + p.version()));
      HostCommand.Result result = HostCommand.run(work, command);
      if (result.status() != 0) {
        throw new ImageException("apt-get download failed: " + lastLine(result.stderr()));
      }
      List<Path> fetched;
      try (Stream<Path> listing = Files.list(work)) {
        fetched = listing.toList();
      }
      for (PackageInfo p : missing) {
        Path file = fetched.stream().filter(f -> sha256(f).equals(p.sha256())).findFirst().orElseThrow(() ->
            new ImageException("apt-get download gave no file with the SHA256 apt lists for " + p.name() + " " + p.version()));
        Files.move(file, cache.resolve(p.fileName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      try (Stream<Path> leftovers = Files.list(work)) {
        for (Path f : leftovers.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(work);
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      java.security.MessageDigest hasher = dev.imgc.image.oci.Digest.newHasher();
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        hasher.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(hasher.digest());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
