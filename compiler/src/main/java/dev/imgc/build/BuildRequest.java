package dev.imgc.build;

import dev.imgc.fs.compress.Compression;
import dev.imgc.image.FetchSettings;
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
 * @param reuseOutputs whether earlier outputs are linked from the cache and new ones kept there
 * @param fetch how images are fetched, the cache directory and the process environment
 * @param compression how the initrd is compressed
 * @param bootAssets a directory or an image holding bootloader files, tried before the host's
 */
public record BuildRequest(
    List<Path> specs,
    List<Path> variableFiles,
    Map<String, String> variables,
    Optional<String> name,
    Set<String> disabledPasses,
    Path store,
    boolean reuseOutputs,
    FetchSettings fetch,
    Compression compression,
    Optional<String> bootAssets) {

  public BuildRequest {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("a build needs at least one spec file");
    }
    specs = List.copyOf(specs);
    variableFiles = List.copyOf(variableFiles);
    variables = Map.copyOf(variables);
    disabledPasses = Set.copyOf(disabledPasses);
  }

  /** The cache directory: file contents ({@code content/}), layer listings, earlier outputs, downloaded packages. */
  public Path cache() {
    return fetch.cache();
  }

  /** The process environment ({@code SOURCE_DATE_EPOCH}, {@code HOME}, registry credentials' location, …). */
  public Map<String, String> environment() {
    return fetch.environment();
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
