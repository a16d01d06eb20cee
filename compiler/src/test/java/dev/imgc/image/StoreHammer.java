package dev.imgc.image;

import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.store.ImageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A process that names many images in one store, so tests can run several at once against the index lock. */
public final class StoreHammer {
  private StoreHammer() {}

  /** Arguments: STORE PREFIX COUNT. */
  public static void main(String[] args) throws Exception {
    ImageStore store = ImageStore.open(Path.of(args[0]));
    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
      String name = args[1] + "/image:" + i;
      store.tag(name, store.putBlob(MediaTypes.OCI_MANIFEST, name.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
