package dev.imgc.image.importer;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.ImageConfig;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import java.io.IOException;
import java.util.List;

/** Writes the config and manifest of an image whose layers imgc built, and returns the manifest's descriptor. */
final class ImageBuilder {
  private ImageBuilder() {}

  static Descriptor build(ImageStore store, List<LayerWriter.Layer> layers, ImportOptions options, String createdBy)
      throws IOException {
    Platform platform = options.platform();
    String created = options.epoch().iso();
    ImageConfig config = new ImageConfig(
        created,
        platform.architecture(),
        platform.os(),
        platform.variant(),
        options.config().equals(RuntimeConfig.EMPTY) ? null : options.config(),
        ImageConfig.RootFs.layers(layers.stream().map(LayerWriter.Layer::diffId).toList()),
        layers.stream().map(l -> new ImageConfig.History(created, createdBy, null)).toList());
    Descriptor configBlob = store.putJson(MediaTypes.OCI_CONFIG, config);
    Manifest manifest = Manifest.oci(configBlob, layers.stream().map(LayerWriter.Layer::blob).toList());
    return store.putJson(MediaTypes.OCI_MANIFEST, manifest);
  }
}
