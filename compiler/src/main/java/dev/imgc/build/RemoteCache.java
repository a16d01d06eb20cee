package dev.imgc.build;

import dev.imgc.image.ImageException;
import dev.imgc.image.ImageReference;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.artifact.ApplianceArtifact;
import dev.imgc.image.artifact.ArtifactFetcher;
import dev.imgc.image.artifact.ArtifactPusher;
import dev.imgc.image.artifact.OutputFile;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.registry.RegistryClient;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build cache in a registry repository: each entry an {@link ApplianceArtifact} tagged with its key
 * and naming the key again in its annotations. An entry is used only when the tag's manifest names
 * the same key and every file arrives with the digest the manifest gives; anything else (no tag, a
 * manifest of something else, a blob the registry lost or sends damaged) is a miss, and the build
 * makes the files itself. Pushing blobs before the tag means no reader sees half an entry; two builds
 * pushing the same key push the same bytes.
 */
final class RemoteCache {
  private final RegistryClient client;
  private final Progress progress;

  RemoteCache(RegistryClient client, Progress progress) {
    this.client = client;
    this.progress = progress;
  }

  /** The cache in {@code repository} ({@code registry.example/team/imgc-cache}); a tag or digest given with it is ignored. */
  static RemoteCache in(String repository, BuildRequest request, Progress progress) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(repository);
    } catch (InvalidReferenceException e) {
      throw new ImageException("'" + repository + "' is not a registry repository: " + e.getMessage(), e);
    }
    return new RemoteCache(request.fetch().registries().pushClient(reference), progress);
  }

  /** The files kept under {@code key}, written into {@code directory}; empty on a miss. */
  Optional<List<Path>> fetch(String key, List<String> fileNames, Path directory) throws IOException {
    ArtifactFetcher fetcher = new ArtifactFetcher(client, progress);
    Optional<Manifest> manifest = fetcher.find(key);
    if (manifest.isEmpty() || !key.equals(manifest.get().annotations() == null ? null
        : manifest.get().annotations().get(ApplianceArtifact.CACHE_KEY))) {
      return Optional.empty();
    }
    if (!ArtifactFetcher.files(manifest.get()).keySet().equals(java.util.Set.copyOf(fileNames))) {
      return Optional.empty();
    }
    return Optional.of(fetcher.download(manifest.get(), directory));
  }

  /** Keeps {@code files} under {@code key}, with {@code annotations} besides the key. */
  void keep(String key, List<OutputFile> files, Map<String, String> annotations) throws IOException {
    Map<String, String> all = new java.util.TreeMap<>(annotations);
    all.put(ApplianceArtifact.CACHE_KEY, key);
    new ArtifactPusher(client, progress).push(key, files, all);
  }
}
