package dev.imgc.plan.lower;

import dev.imgc.image.store.BlobSource;

/**
 * Where lowering gets images from: the local store in a build, a temporary store in tests. A
 * missing or damaged image is an {@link dev.imgc.image.ImageException} whose message is one
 * sentence naming the image and what to do.
 */
public interface ImageProvider {
  /** The image the spec writes as {@code reference}. */
  ResolvedImage resolve(String reference);

  /** Where the layers of the resolved images are read from, verified against their digests. */
  BlobSource blobs();
}
