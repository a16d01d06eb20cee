package dev.imgc.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds bootloader files: in the directory given with {@code --boot-assets} when there is one,
 * otherwise at the host's distribution paths.
 */
public final class BootAssets {
  private final Optional<Path> directory;
  private final Path hostRoot;

  private BootAssets(Optional<Path> directory, Path hostRoot) {
    this.directory = directory;
    this.hostRoot = hostRoot;
  }

  /** Looks on this host only. */
  public static BootAssets host() {
    return new BootAssets(Optional.empty(), Path.of("/"));
  }

  /** Looks in {@code directory} (by file name, at its top or anywhere below it) before the host. */
  public static BootAssets directoryThenHost(Path directory) {
    return new BootAssets(Optional.of(directory), Path.of("/"));
  }

  /** Looks under {@code hostRoot} as if it were {@code /}; for tests. */
  static BootAssets under(Path hostRoot) {
    return new BootAssets(Optional.empty(), hostRoot);
  }

  /** The path of {@code asset}, or a {@link MissingBootAssetException} saying where it looked and how to get it. */
  public Path locate(BootAsset asset) {
    List<String> searched = new ArrayList<>();
    if (directory.isPresent()) {
      Optional<Path> found = findByName(directory.get(), asset.fileName());
      if (found.isPresent()) {
        return found.get();
      }
      searched.add(directory.get().toString());
    }
    for (String hostPath : asset.hostPaths()) {
      Path candidate = hostRoot.resolve(hostPath.substring(1));
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      searched.add(hostPath);
    }
    throw new MissingBootAssetException(asset, searched);
  }

  private static Optional<Path> findByName(Path directory, String fileName) {
    Path direct = directory.resolve(fileName);
    if (Files.isRegularFile(direct)) {
      return Optional.of(direct);
    }
    try (var paths = Files.walk(directory)) {
      return paths
          .filter(p -> p.getFileName().toString().equals(fileName) && Files.isRegularFile(p))
          .sorted()
          .findFirst();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
