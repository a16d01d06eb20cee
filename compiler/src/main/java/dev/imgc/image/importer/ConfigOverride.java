package dev.imgc.image.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.OciJson;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Applies {@code --config} to a copied image: the members it sets replace those of the image's
 * config (labels are merged), every other member of the config is kept as it was, and a new config
 * and manifest are written.
 */
final class ConfigOverride {
  private ConfigOverride() {}

  static Descriptor apply(ImageStore store, Descriptor manifestDescriptor, RuntimeConfig override, String image)
      throws IOException {
    if (override.equals(RuntimeConfig.EMPTY)) {
      return manifestDescriptor;
    }
    Manifest manifest = store.readJson(manifestDescriptor, Manifest.class, "manifest of " + image);
    ObjectNode config = (ObjectNode) OciJson.mapper().readTree(store.readBlob(manifest.config(), "config of " + image));
    ObjectNode runtime = config.has("config") && config.get("config").isObject()
        ? (ObjectNode) config.get("config") : config.putObject("config");
    ObjectNode changes = OciJson.mapper().valueToTree(override);
    for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> change = it.next();
      if (change.getKey().equals("Labels") && runtime.path("Labels").isObject()) {
        ((ObjectNode) runtime.get("Labels")).setAll((ObjectNode) change.getValue());
      } else {
        runtime.set(change.getKey(), change.getValue());
      }
    }
    Descriptor newConfig = store.putBlob(manifest.config().mediaType(), OciJson.write(config));
    Manifest changed = new Manifest(manifest.schemaVersion(), manifest.mediaType(), manifest.artifactType(), newConfig, manifest.layers(), manifest.annotations());
    return store.putJson(manifestDescriptor.mediaType(), changed);
  }
}
