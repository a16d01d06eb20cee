package dev.imgc.image.store;

import dev.imgc.image.ImageException;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Index;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Copies one image from a {@link BlobSource} into the store: its manifest (chosen for a platform
 * when the root is an index), config and layers, each verified against its digest before it is
 * renamed into place. Blobs the store already has intact are not copied again, so images share
 * layers; a damaged one is replaced by the good copy.
 */
public final class ImageCopier {
  private final ImageStore store;
  private final Progress progress;

  public ImageCopier(ImageStore store, Progress progress) {
    this.store = store;
    this.progress = progress;
  }

  /** Returns the descriptor of the copied single-platform manifest, now in the store. */
  public Descriptor copy(BlobSource source, Descriptor root, Platform platform, String image) throws IOException {
    Descriptor manifestDescriptor = root;
    if (MediaTypes.isIndex(root.mediaType())) {
      copyBlob(source, root, "index " + root.digest() + " of " + image);
      Index index = store.readJson(root, Index.class, "index of " + image);
      manifestDescriptor = select(index, platform, image);
    } else if (!MediaTypes.isManifest(root.mediaType())) {
      throw new ImageException(image + " is a " + root.mediaType() + ", not an image manifest or index");
    }
    copyBlob(source, manifestDescriptor, "manifest " + manifestDescriptor.digest() + " of " + image);
    Manifest manifest = store.readJson(manifestDescriptor, Manifest.class, "manifest of " + image);
    copyBlob(source, manifest.config(), "config " + manifest.config().digest() + " of " + image);
    for (Descriptor layer : manifest.layers()) {
      copyBlob(source, layer, "layer " + layer.digest() + " of " + image);
    }
    return new Descriptor(manifestDescriptor.mediaType(), manifestDescriptor.digest(), manifestDescriptor.size());
  }

  /** The index entry for {@code platform}; a missing variant in {@code platform} matches any. */
  public static Descriptor select(Index index, Platform platform, String image) {
    List<Descriptor> matching = index.manifests().stream().filter(d -> platform.matches(d.platform())).toList();
    if (matching.isEmpty()) {
      throw new ImageException(image + " has no " + platform + " image; it has "
          + index.manifests().stream().map(d -> String.valueOf(d.platform())).toList() + " (choose one with --platform)");
    }
    return matching.get(0);
  }

  private void copyBlob(BlobSource source, Descriptor blob, String what) throws IOException {
    if (store.hasIntactBlob(blob)) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        transfer(source, blob, what);
        return;
      } catch (IOException e) {
        if (attempt >= source.attempts()) {
          throw attempt == 1 || e instanceof CorruptBlobException ? e
              : new IOException(e.getMessage() + " (tried " + attempt + " times)", e);
        }
        Backoff.pause(attempt);
      }
    }
  }

  private void transfer(BlobSource source, Descriptor blob, String what) throws IOException {
    progress.start(what, blob.size());
    try (InputStream in = source.open(blob); BlobWriter writer = store.newBlob()) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        writer.write(buffer, 0, n);
        progress.advance(n);
      }
      writer.commit(blob.digest(), blob.size(), what + " from " + source.name());
    } finally {
      progress.done();
    }
  }
}
