package dev.imgc.image.deb;

import dev.imgc.image.FileDigests;
import dev.imgc.image.ImageException;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.UserCache;
import dev.imgc.io.TemporaryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 */
public final class AptPackages {
  private final Path cache;
  private final FileDigests digests;
  private final AptState apt;
  private final ClosureMemo closures;
  private final Map<String, Optional<PackageInfo>> known = new HashMap<>();

  /** @param apt the state apt's answers depend on, which decides whether a remembered closure holds */
  public AptPackages(Path cache, FileDigests digests, AptState apt) {
    this.cache = cache;
    this.digests = digests;
    this.apt = apt;
    this.closures = new ClosureMemo(cache.resolve("closures"));
  }

  /** {@code debs/} in the {@linkplain UserCache user's cache}. */
  public static Path defaultCache(Map<String, String> environment) {
    return UserCache.directory(environment).resolve("debs");
  }

  /** The packages and their closure, dependencies before the packages that need them. */
  public List<Path> fetch(List<String> names) throws IOException {
    String fingerprint = apt.fingerprint();
    List<ResolvedPackage> closure = closures.recall(names, fingerprint).orElse(null);
    if (closure == null) {
      closure = resolve(names);
      closures.remember(names, fingerprint, closure);
    }
    List<ResolvedPackage> missing = new ArrayList<>();
    for (ResolvedPackage p : closure) {
      if (!isCached(p)) {
        missing.add(p);
      }
    }
    download(missing);
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

  private boolean isCached(ResolvedPackage p) throws IOException {
    Path file = cache.resolve(p.fileName());
    return Files.isRegularFile(file) && digests.sha256(file).hex().equals(p.sha256());
  }

  private void download(List<ResolvedPackage> missing) throws IOException {
    if (missing.isEmpty()) {
      return;
    }
    TemporaryFiles temporaries = TemporaryFiles.in(cache);
    TemporaryFiles.sweep(cache); // what downloads killed outright left
    Path work = temporaries.createDirectory(".download-", "");
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
      Map<String, Path> bySha256 = new HashMap<>();
      for (Path f : fetched) {
        bySha256.put(Digest.ofFile(f).hex(), f);
      }
      for (ResolvedPackage p : missing) {
        Path file = Optional.ofNullable(bySha256.get(p.sha256())).orElseThrow(() ->
            new ImageException("apt-get download gave no file with the SHA256 apt lists for " + p.name() + " " + p.version()));
        Files.move(file, cache.resolve(p.fileName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      temporaries.delete(work);
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }
}
