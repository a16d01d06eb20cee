package dev.imgc.plan.lower;

import dev.imgc.image.store.BlobSource;
import java.util.HashMap;
import java.util.Map;

/** Resolves each reference once per lowering, however many sections name it. */
final class MemoizedImages implements LoweringImages {
  private final LoweringImages images;
  private final Map<String, ResolvedImage> resolved = new HashMap<>();

  MemoizedImages(LoweringImages images) {
    this.images = images;
  }

  @Override
  public ResolvedImage resolve(String reference) {
    ResolvedImage image = resolved.get(reference);
    if (image == null) {
      image = images.resolve(reference);
      resolved.put(reference, image);
    }
    return image;
  }

  @Override
  public BlobSource blobs() {
    return images.blobs();
  }

  /** How many distinct images (by manifest) were resolved. */
  long count() {
    return resolved.values().stream().map(ResolvedImage::manifest).distinct().count();
  }
}
