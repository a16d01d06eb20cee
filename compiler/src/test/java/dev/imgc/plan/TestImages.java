package dev.imgc.plan;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.ImageConfig;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Puts images made of {@link LayerTar} layers into a store, named as a spec names them. */
public final class TestImages {
  private TestImages() {}

  public static void put(ImageStore store, String name, byte[]... layers) {
    try {
      List<Descriptor> blobs = new ArrayList<>();
      List<Digest> diffIds = new ArrayList<>();
      for (byte[] layer : layers) {
        blobs.add(store.putBlob(MediaTypes.OCI_LAYER, layer));
        diffIds.add(Digest.of(layer));
      }
      ImageConfig config = new ImageConfig("1970-01-01T00:00:00Z", "amd64", "linux", null, RuntimeConfig.EMPTY,
          ImageConfig.RootFs.layers(diffIds), null);
      Descriptor configBlob = store.putJson(MediaTypes.OCI_CONFIG, config);
      store.tag(name, store.putJson(MediaTypes.OCI_MANIFEST, Manifest.oci(configBlob, blobs)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
