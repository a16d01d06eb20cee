package dev.imgc.plan.lower;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.ImageConfig;
import java.util.List;

/**
 * An image as lowering needs it: its normalised name, the digest of its manifest (the exact image),
 * its config and its layers, bottom first.
 *
 * @param manifestBlob the manifest as the store holds it (its media type, digest and size)
 * @param configBlob the config as the store holds it
 */
public record ResolvedImage(String name, Digest manifest, ImageConfig config, List<Descriptor> layers, Descriptor manifestBlob,
    Descriptor configBlob) {
  public ResolvedImage {
    layers = List.copyOf(layers);
  }
}
