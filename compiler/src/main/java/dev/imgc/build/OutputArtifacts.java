package dev.imgc.build;

import dev.imgc.emit.Format;
import dev.imgc.image.ImageException;
import dev.imgc.image.ImageReference;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.RegistryAccess;
import dev.imgc.image.artifact.ArtifactFetcher;
import dev.imgc.image.artifact.ArtifactPusher;
import dev.imgc.image.artifact.OutputFile;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An appliance's output files as an OCI artifact in a registry ({@link dev.imgc.image.artifact.ApplianceArtifact}):
 * pushed by {@code imgc compile --push} and {@code imgc push}, written back by {@code imgc fetch}.
 */
public final class OutputArtifacts {
  private OutputArtifacts() {}

  /** The files {@code formats} write for the appliance {@code name} into {@code directory}, in format order. */
  public static List<OutputFile> files(Collection<Format> formats, String name, Path directory) {
    List<OutputFile> files = new ArrayList<>();
    for (Format format : formats) {
      for (String fileName : format.fileNames(name)) {
        files.add(new OutputFile(fileName, format.toString(), directory.resolve(fileName)));
      }
    }
    return files;
  }

  /** The outputs of the appliance {@code name} in {@code directory}: the files of each format that wrote all of its. */
  public static List<OutputFile> found(String name, Path directory) {
    List<Format> present = new ArrayList<>();
    for (Format format : Format.values()) {
      if (format.fileNames(name).stream().allMatch(f -> Files.isRegularFile(directory.resolve(f)))
          && present.stream().noneMatch(p -> p.fileNames(name).stream().anyMatch(format.fileNames(name)::contains))) {
        present.add(format);
      }
    }
    return files(present, name, directory);
  }

  /** Pushes {@code files} as {@code reference}; returns where they went and the manifest's digest. */
  public static Descriptor push(List<OutputFile> files, Map<String, String> annotations, String reference, RegistryAccess registries,
      Progress progress) {
    ImageReference target = parse(reference);
    if (files.isEmpty()) {
      throw new ImageException("there are no output files to push");
    }
    try {
      return new ArtifactPusher(registries.pushClient(target), progress).push(target.digest().isPresent()
          ? target.digest().get() : target.tag().orElse("latest"), files, annotations);
    } catch (IOException | ImageException e) {
      throw new ImageException("cannot push the outputs to " + target + ": " + e.getMessage(), e);
    }
  }

  /** Writes the files of the artifact {@code reference} into {@code directory}, all or none. */
  public static List<Path> fetch(String reference, Path directory, RegistryAccess registries, Progress progress) {
    ImageReference source = parse(reference);
    ArtifactFetcher fetcher = new ArtifactFetcher(registries.pushClient(source), progress);
    try {
      Manifest manifest = fetcher.find(source.digest().orElseGet(() -> source.tag().orElse("latest"))).orElseThrow(() ->
          new ImageException("the registry " + source.domain() + " has no " + source + "; check the name and tag"));
      Files.createDirectories(directory);
      return fetcher.download(manifest, directory);
    } catch (IOException | ImageException e) {
      throw new ImageException("cannot fetch " + source + ": " + e.getMessage(), e);
    }
  }

  private static ImageReference parse(String reference) {
    try {
      return ImageReference.parse(reference);
    } catch (InvalidReferenceException e) {
      throw new ImageException("'" + reference + "' is not a registry reference: " + e.getMessage(), e);
    }
  }
}
