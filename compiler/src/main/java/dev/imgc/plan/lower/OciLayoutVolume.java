package dev.imgc.plan.lower;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Index;
import dev.imgc.image.oci.OciJson;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A volume with {@code format: oci}, laid out as LinuxKit lays it out: its image as an OCI image
 * layout in the volume's {@code lower/} directory ({@code oci-layout}, {@code index.json} naming the
 * image's manifest, and {@code blobs/sha256/} holding the manifest, the config and the layers byte for
 * byte as the store holds them, so every digest still verifies). The layout holds the one manifest
 * the build resolved for its platform.
 */
final class OciLayoutVolume {
  /** The {@code oci-layout} file of image-spec's image layout, version 1.0.0. */
  static final String LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";

  private OciLayoutVolume() {}

  /** Adds {@code image}'s layout under {@code lower}, which {@code placement} already holds. */
  static void lay(ResolvedImage image, String lower, Provenance provenance, Placement placement) {
    Attributes file = Attributes.of(placement.generated(0644), provenance);
    placement.add(new PlanEntry(lower + "/oci-layout", file, new PlanEntry.File(ContentRef.Inline.of(LAYOUT))));
    Descriptor named = image.manifestBlob().withAnnotations(Map.of(Descriptor.REF_NAME, image.name()));
    byte[] index = OciJson.write(Index.oci(List.of(named)));
    placement.add(new PlanEntry(lower + "/index.json", file, new PlanEntry.File(ContentRef.Inline.of(index))));
    placement.directories(lower + "/blobs/sha256", provenance);
    List<Descriptor> blobs = new ArrayList<>(List.of(image.manifestBlob(), image.configBlob()));
    blobs.addAll(image.layers());
    Map<String, Descriptor> distinct = new LinkedHashMap<>(); // an image may hold a layer twice
    blobs.forEach(blob -> distinct.putIfAbsent(blob.digest().hex(), blob));
    distinct.forEach((hex, blob) -> placement.add(new PlanEntry(lower + "/blobs/sha256/" + hex, file,
        new PlanEntry.File(new ContentRef.StoreBlob(blob.digest(), blob.size())))));
  }
}
