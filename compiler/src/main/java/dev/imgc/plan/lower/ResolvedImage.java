package dev.imgc.plan.lower;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.ImageConfig;
import java.util.List;

/**
 * An image as lowering needs it: its normalised name, the digest of its manifest (the exact image),
 * its config and its layers, bottom first.
 */
public record ResolvedImage(String name, Digest manifest, ImageConfig config, List<Descriptor> layers) {
  public ResolvedImage {
    layers = List.copyOf(layers);
  }
}
