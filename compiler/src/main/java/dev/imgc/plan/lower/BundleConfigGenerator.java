package dev.imgc.plan.lower;

import dev.imgc.image.oci.ImageConfig;
import dev.imgc.spec.model.ImageSpec;

/** Makes a container's configuration from its spec entry and its image's config; a pure function. */
@FunctionalInterface
public interface BundleConfigGenerator {
  /**
   * @throws LoweringException when the spec and the image's label cannot be combined
   */
  BundleConfig generate(ImageSpec spec, ImageConfig imageConfig);
}
