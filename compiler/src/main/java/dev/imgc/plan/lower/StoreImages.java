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
public final class StoreImages implements LoweringImages {
  private final ImageStore store;
  private final ImageResolver resolver;
  private final boolean offline;

  /**
   * @param offline whether the resolver may not pull: a missing image is then named with the command that fetches it
   */
  public StoreImages(ImageStore store, ImageResolver resolver, boolean offline) {
    this.store = store;
    this.resolver = resolver;
    this.offline = offline;
  }

  @Override
  public ResolvedImage resolve(String reference) {
    ImageSource source;
    try {
      source = ImageSource.parse(reference, ImageSource.Syntax.SPEC);
    } catch (InvalidReferenceException e) {
      throw new ImageException("'" + reference + "' is not an image reference: " + e.getMessage(), e);
    }
    if (offline && source instanceof ImageSource.Registry registry && store.find(registry.reference().normalized()).isEmpty()) {
      throw new ImageException("the image " + registry.reference().normalized() + " is not in the store " + store.root()
          + "; fetch it with `imgc image pull " + reference + "`");
    }
    // the resolver refuses an image of another platform than the one built for
    StoredImage image = resolver.resolve(source);
    return new ResolvedImage(image.name(), image.descriptor().digest(), image.config(), image.manifest().layers(),
        image.descriptor(), image.manifest().config());
  }

  @Override
  public BlobSource blobs() {
    return store;
  }
}
