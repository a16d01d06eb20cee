package dev.imgc.build;

import dev.imgc.emit.DiskOptions;
import dev.imgc.fs.compress.Compression;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.PullPolicy;
import dev.imgc.image.oci.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a build is asked for, whoever asks: the command line, a test, an editor's language
 * server. A {@link Compiler} runs it.
 *
 * @param specs the spec files, merged in order
 * @param variableFiles {@code NAME=VALUE} files, read in order
 * @param variables values given one by one, which win over the files'
 * @param name the artifacts' name and the generated init's hostname; empty for the first spec's file name
 * @param disabledPasses optimizer passes to leave out, by name
 * @param store the image store's directory
 * @param cache the cache directory: file contents ({@code content/}), layer listings, earlier outputs, downloaded packages
 * @param reuseOutputs whether earlier outputs are linked from the cache and new ones kept there
 * @param pullPolicy when images are fetched from their registries
 * @param platform the platform chosen from a multi-platform image
 * @param insecureRegistries registries spoken to over plain HTTP
 * @param timeouts how long registries and package mirrors are waited for, and how often tried
 * @param compression how the initrd is compressed
 * @param bootAssets a directory or an image holding bootloader files, tried before the host's
 * @param environment the process environment ({@code SOURCE_DATE_EPOCH}, registry credentials' location, …)
 * @param disk the disk formats' size and qcow2 compression
 */
public record BuildRequest(
    List<Path> specs,
    List<Path> variableFiles,
    Map<String, String> variables,
    Optional<String> name,
    Set<String> disabledPasses,
    Path store,
    Path cache,
    boolean reuseOutputs,
    PullPolicy pullPolicy,
    Platform platform,
    Set<String> insecureRegistries,
    NetworkTimeouts timeouts,
    Compression compression,
    Optional<String> bootAssets,
    Map<String, String> environment,
    DiskOptions disk) {

  /** A request whose disks are as large as their partitions need, qcow2 uncompressed. */
  public BuildRequest(List<Path> specs, List<Path> variableFiles, Map<String, String> variables, Optional<String> name,
      Set<String> disabledPasses, Path store, Path cache, boolean reuseOutputs, PullPolicy pullPolicy,
      Platform platform, Set<String> insecureRegistries, NetworkTimeouts timeouts, Compression compression,
      Optional<String> bootAssets, Map<String, String> environment) {
    this(specs, variableFiles, variables, name, disabledPasses, store, cache, reuseOutputs, pullPolicy, platform,
        insecureRegistries, timeouts, compression, bootAssets, environment, DiskOptions.DEFAULT);
  }

  public BuildRequest {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("a build needs at least one spec file");
    }
    specs = List.copyOf(specs);
    variableFiles = List.copyOf(variableFiles);
    variables = Map.copyOf(variables);
    disabledPasses = Set.copyOf(disabledPasses);
    insecureRegistries = Set.copyOf(insecureRegistries);
    environment = Map.copyOf(environment);
  }

  /** The artifacts' name: the one given, else the first spec file's name without its extension. */
  public String artifactName() {
    return name.orElseGet(() -> {
      String file = specs.get(0).getFileName().toString();
      int dot = file.lastIndexOf('.');
      return dot > 0 ? file.substring(0, dot) : file;
    });
  }
}
