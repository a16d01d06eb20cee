package dev.imgc.plan.lower;

import dev.imgc.image.ImageException;
import dev.imgc.image.ImageResolver;
import dev.imgc.image.ImageSource;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.StoredImage;
import dev.imgc.image.store.BlobSource;
import dev.imgc.image.store.ImageStore;

/**
 * Images as a spec names them (registry references or transports such as {@code deb:busybox-static}),
 * found in the store, and pulled or imported by the image resolver when its policy allows.
 *
 * @param offline whether the resolver may not pull; a missing image is then named with the command that fetches it
 */
public record StoreImages(ImageStore store, ImageResolver resolver, boolean offline) implements ImageProvider {

  @Override
  public ResolvedImage resolve(String reference) {
    ImageSource source;
    try {
      source = ImageSource.parse(reference);
    } catch (InvalidReferenceException e) {
      throw new ImageException("'" + reference + "' is not an image reference: " + e.getMessage(), e);
    }
    if (offline && source instanceof ImageSource.Registry registry && store.find(registry.reference().normalized()).isEmpty()) {
      throw new ImageException("the image " + registry.reference().normalized() + " is not in the store " + store.root()
          + "; fetch it with `imgc image pull " + reference + "`");
    }
    StoredImage image = resolver.resolve(source);
    return new ResolvedImage(image.name(), image.descriptor().digest(), image.config(), image.manifest().layers());
  }

  @Override
  public BlobSource blobs() {
    return store;
  }

  /** The form a spec's image reference is shown in: normalised for a registry, as written for a transport. */
  static String normalized(String reference) {
    try {
      return ImageSource.parse(reference).text();
    } catch (InvalidReferenceException e) {
      return reference;
    }
  }
}
