package dev.imgc.plan.lower;

import dev.imgc.image.ImageException;
import dev.imgc.image.ImageResolver;
import dev.imgc.image.ImageSource;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.StoredImage;
import dev.imgc.image.store.BlobSource;
import dev.imgc.image.store.ImageStore;

/**
 * Images as a build finds them: a registry reference from the store or pulled (as the resolver's
 * pull policy allows), a {@code TRANSPORT://…} source imported into the store.
 */
public final class ResolvingImages implements ImageProvider {
  private final ImageStore store;
  private final ImageResolver resolver;

  public ResolvingImages(ImageStore store, ImageResolver resolver) {
    this.store = store;
    this.resolver = resolver;
  }

  @Override
  public ResolvedImage resolve(String reference) {
    ImageSource source;
    try {
      source = ImageSource.parse(reference);
    } catch (InvalidReferenceException e) {
      throw new ImageException("'" + reference + "' is not an image reference: " + e.getMessage(), e);
    }
    StoredImage image = resolver.resolve(source);
    return new ResolvedImage(image.name(), image.descriptor().digest(), image.config(), image.manifest().layers());
  }

  @Override
  public BlobSource blobs() {
    return store;
  }
}
