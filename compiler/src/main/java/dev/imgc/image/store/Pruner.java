package dev.imgc.image.store;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.Index;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.io.TemporaryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Finds the blobs the index entries reach (indexes, manifests, configs, layers) and deletes the rest. */
final class Pruner {
  private final ImageStore store;

  Pruner(ImageStore store) {
    this.store = store;
  }

  ImageStore.Pruned prune(List<Descriptor> roots, Duration grace) throws IOException {
    Set<Digest> reachable = reachable(roots);
    FileTime cutoff = FileTime.from(Instant.now().minus(grace));
    int count = 0;
    long bytes = 0;
    List<Path> blobs;
    try (Stream<Path> listing = Files.list(store.blobDirectory())) {
      blobs = listing.sorted().toList();
    }
    for (Path blob : blobs) {
      String name = blob.getFileName().toString();
      boolean named = name.matches("[0-9a-f]{64}") && reachable.contains(new Digest(name));
      if (!named && Files.getLastModifiedTime(blob).compareTo(cutoff) < 0) {
        bytes += Files.size(blob);
        Files.delete(blob);
        count++;
      }
    }
    deleteOldTemporaryFiles(cutoff);
    return new ImageStore.Pruned(count, bytes);
  }

  /**
   * Temporary files an imgc before owner tags left: its running imgc would have touched them within
   * the cutoff. Tagged ones are the business of {@link TemporaryFiles#sweep}, which opening the store ran.
   */
  private void deleteOldTemporaryFiles(FileTime cutoff) throws IOException {
    try (Stream<Path> listing = Files.list(store.temporaryDirectory())) {
      for (Path file : listing.toList()) {
        if (!TemporaryFiles.isTagged(file) && Files.isRegularFile(file)
            && Files.getLastModifiedTime(file).compareTo(cutoff) < 0) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private Set<Digest> reachable(List<Descriptor> roots) throws IOException {
    Set<Digest> seen = new HashSet<>();
    Deque<Descriptor> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty()) {
      Descriptor d = pending.pop();
      if (!seen.add(d.digest()) || !store.hasBlob(d.digest())) {
        continue;
      }
      String what = "blob " + d.digest();
      if (MediaTypes.isIndex(d.mediaType())) {
        pending.addAll(store.readJson(d, Index.class, what).manifests());
      } else if (MediaTypes.isManifest(d.mediaType())) {
        Manifest manifest = store.readJson(d, Manifest.class, what);
        pending.add(manifest.config());
        pending.addAll(manifest.layers());
      }
    }
    return seen;
  }
}
