package dev.imgc.plan.lower;

import dev.imgc.image.store.BlobSource;

/**
 * The images lowering sees: a reference as a spec writes it becomes a {@link ResolvedImage} (its
 * manifest digest, config and layers), whose layers {@link #blobs()} reads. {@link StoreImages} is the
 * build's, from the store through an {@link dev.imgc.image.ImageResolver} (which pulls and imports);
 * {@link MemoizedImages} asks it once per reference. A missing or damaged image is an
 * {@link dev.imgc.image.ImageException} whose message is one sentence naming the image and what to do.
 */
public interface LoweringImages {
  /** The image the spec writes as {@code reference}. */
  ResolvedImage resolve(String reference);

  /** Where the layers of the resolved images are read from, verified against their digests. */
  BlobSource blobs();
}
