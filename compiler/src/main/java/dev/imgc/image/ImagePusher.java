package dev.imgc.image;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.registry.RegistryClient;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes an image of the store to a registry: its config and layers first (each skipped when the
 * repository has it, mounted from another repository of the same registry that the store knows holds
 * it, uploaded otherwise), then its manifest under the tag. A push cut short is pushed again the same
 * way: what arrived is skipped, so it goes on where it stopped.
 */
public final class ImagePusher {
  private final ImageStore store;
  private final RegistryAccess registries;
  private final Progress progress;

  public ImagePusher(ImageStore store, RegistryAccess registries, Progress progress) {
    this.store = store;
    this.registries = registries;
    this.progress = progress;
  }

  /** What a push did: the manifest's digest where it now is, and how each blob got there. */
  public record Pushed(String reference, Digest digest, int uploaded, long uploadedBytes, int mounted, int present) {}

  /** Pushes the store's image {@code name} as {@code destination}. */
  public Pushed push(String name, ImageReference destination) {
    StoredImage image = StoredImage.load(store, name);
    RegistryClient client = registries.pushClient(destination);
    progress.phase("pushing " + name + " to " + destination);
    try {
      List<Descriptor> blobs = new ArrayList<>(image.manifest().layers());
      blobs.add(0, image.manifest().config());
      Map<Digest, String> mountable = mountable(destination);
      int uploaded = 0;
      int mounted = 0;
      int present = 0;
      long bytes = 0;
      for (Descriptor blob : blobs) {
        if (client.hasBlob(blob.digest())) {
          present++;
          continue;
        }
        Optional<String> from = Optional.ofNullable(mountable.get(blob.digest()));
        if (from.isPresent() && client.mountBlob(blob.digest(), from.get())) {
          mounted++;
          continue;
        }
        if (!store.hasIntactBlob(blob)) {
          throw new ImageException("the store " + store.root() + " lacks " + blob.digest() + " of " + name
              + " or holds it damaged; pull or import " + name + " again (imgc image repair finds such images)");
        }
        client.pushBlob(blob, store, progress);
        uploaded++;
        bytes += blob.size();
      }
      byte[] manifest = store.readBlob(image.descriptor(), "manifest of " + name);
      String reference = destination.digest().orElseGet(() -> destination.tag().orElse("latest"));
      if (destination.digest().isPresent() && !destination.digest().get().equals(image.descriptor().digest().toString())) {
        throw new ImageException(name + " is " + image.descriptor().digest() + ", not " + destination.digest().get()
            + "; push it by tag, or name the digest it has");
      }
      client.putManifest(reference, image.descriptor(), manifest);
      return new Pushed(destination.toString(), image.descriptor().digest(), uploaded, bytes, mounted, present);
    } catch (IOException | ImageException e) {
      throw new ImageException("cannot push " + name + " to " + destination + ": " + e.getMessage(), e);
    }
  }

  /**
   * Blobs that other images of the store came from the same registry with, by the repository they
   * were pulled from: the registry can link them without their bytes being sent.
   */
  private Map<Digest, String> mountable(ImageReference destination) {
    Map<Digest, String> from = new HashMap<>();
    for (Descriptor entry : store.images()) {
      Optional<ImageReference> source = entry.refName().flatMap(ImagePusher::parse)
          .filter(r -> r.domain().equals(destination.domain()) && !r.path().equals(destination.path()));
      if (source.isEmpty()) {
        continue;
      }
      try {
        StoredImage image = StoredImage.load(store, entry.refName().get(), entry);
        image.manifest().layers().forEach(layer -> from.putIfAbsent(layer.digest(), source.get().path()));
        from.putIfAbsent(image.manifest().config().digest(), source.get().path());
      } catch (ImageException e) {
        // An image that cannot be read offers nothing to mount; the push uploads instead.
      }
    }
    return from;
  }

  private static Optional<ImageReference> parse(String name) {
    try {
      return Optional.of(ImageReference.parse(name));
    } catch (InvalidReferenceException e) {
      return Optional.empty();
    }
  }
}
