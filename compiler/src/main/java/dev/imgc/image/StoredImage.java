package dev.imgc.image;

import dev.imgc.image.layer.LayerCompression;
import dev.imgc.image.layer.TarEntryReader;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.ImageConfig;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.store.CorruptBlobException;
import dev.imgc.image.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongUnaryOperator;

/**
 * An image in the store, as later stages read it: its manifest, its config, and its layers streamed
 * entry by entry. Each layer is read to its end, so its digest is always verified; a damaged layer
 * is an {@link ImageException} naming the layer and the image.
 */
public record StoredImage(ImageStore store, String name, Descriptor descriptor, Manifest manifest, ImageConfig config) {

  /** Loads the image {@code name} (a normalised reference) from the store. */
  public static StoredImage load(ImageStore store, String name) {
    Descriptor descriptor = store.find(name).orElseThrow(() ->
        new ImageException("the store " + store.root() + " has no image " + name + "; pull or import it first"));
    return load(store, name, descriptor);
  }

  /** Loads the image the store's index entry {@code descriptor} names {@code name} (its digest, when unnamed). */
  public static StoredImage load(ImageStore store, String name, Descriptor descriptor) {
    if (!MediaTypes.isManifest(descriptor.mediaType())) {
      throw new ImageException(name + " in the store is a " + descriptor.mediaType() + ", not an image manifest; import it"
          + " with imgc image import " + name + " oci:" + store.root() + ":" + name + " to choose one platform");
    }
    try {
      Manifest manifest = store.readJson(descriptor, Manifest.class, "manifest " + descriptor.digest() + " of " + name);
      if (manifest.config() == null) {
        throw new ImageException("the manifest of " + name + " names no config; pull or import it again");
      }
      ImageConfig config = store.readJson(manifest.config(), ImageConfig.class, "config " + manifest.config().digest() + " of " + name);
      return new StoredImage(store, name, descriptor.withoutAnnotations(), manifest, config);
    } catch (CorruptBlobException e) {
      throw new ImageException(e.getMessage() + "; pull or import " + name + " again", e);
    } catch (IOException e) {
      throw new ImageException("cannot read " + name + " from the store: " + e.getMessage(), e);
    }
  }

  /** Streams every layer's entries in order, bottom layer first; whiteouts are entries like others. */
  public void readLayers(TarEntryReader.Sink sink) {
    for (int i = 0; i < manifest.layers().size(); i++) {
      readLayer(i, sink);
    }
  }

  /** Streams the entries of layer {@code index} with the times they have in the layer. */
  public void readLayer(int index, TarEntryReader.Sink sink) {
    Descriptor layer = manifest.layers().get(index);
    String what = "layer " + layer.digest() + " of " + name;
    try (InputStream blob = store.openBlob(layer, what); InputStream tar = LayerCompression.decompress(blob)) {
      TarEntryReader.read(tar, what, LongUnaryOperator.identity(), sink);
      // Past the tar's end-of-archive blocks: reading the blob to its end verifies its digest.
      tar.transferTo(OutputStream.nullOutputStream());
      blob.transferTo(OutputStream.nullOutputStream());
    } catch (CorruptBlobException e) {
      throw new ImageException(e.getMessage() + "; pull or import " + name + " again", e);
    } catch (IOException e) {
      throw new ImageException("cannot read " + what + ": " + e.getMessage(), e);
    }
  }
}
