package dev.imgc.plan.lower;

import dev.imgc.image.ImageException;
import dev.imgc.image.ImageReference;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.ImageConfig;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.store.BlobSource;
import dev.imgc.image.store.CorruptBlobException;
import dev.imgc.image.store.ImageStore;
import java.io.IOException;

/** Images from the local store only, found by the name the spec writes or its normalised form. */
public final class StoreImages implements ImageProvider {
  private final ImageStore store;

  public StoreImages(ImageStore store) {
    this.store = store;
  }

  @Override
  public ResolvedImage resolve(String reference) {
    String name = normalized(reference);
    Descriptor descriptor = store.find(name).or(() -> store.find(reference)).orElseThrow(() -> new ImageException(
        "the image " + name + " is not in the store " + store.root() + "; fetch it with `imgc image pull " + reference + "`"));
    try {
      Manifest manifest = store.readJson(descriptor, Manifest.class, "the manifest of " + name);
      ImageConfig config = store.readJson(manifest.config(), ImageConfig.class, "the config of " + name);
      return new ResolvedImage(name, descriptor.digest(), config, manifest.layers());
    } catch (CorruptBlobException e) {
      throw new ImageException(e.getMessage() + "; pull or import " + name + " again", e);
    } catch (IOException e) {
      throw new ImageException("cannot read " + name + " from the store " + store.root() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public BlobSource blobs() {
    return store;
  }

  /** The normalised reference ({@code docker.io/library/alpine:latest}), or the text as written when it is none. */
  static String normalized(String reference) {
    try {
      return ImageReference.parse(reference).normalized();
    } catch (InvalidReferenceException e) {
      return reference;
    }
  }
}
