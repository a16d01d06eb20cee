package dev.imgc.image.importer;

import dev.imgc.fs.Entry;
import dev.imgc.fs.compress.KeptOpenOutputStream;
import dev.imgc.fs.compress.ParallelGzipOutputStream;
import dev.imgc.fs.tar.TarWriter;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.store.BlobWriter;
import dev.imgc.image.store.ImageStore;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Streams entries into a new gzip-compressed tar layer in the store, hashing both the compressed
 * blob (its digest) and the tar itself (its diff id) on the way. The tar is {@link TarWriter}'s,
 * deterministic; gzip runs on every processor with output independent of their number.
 */
final class LayerWriter implements Closeable {
  private final BlobWriter blob;
  private final MessageDigest diffHasher = Digest.newHasher();
  private final OutputStream gzip;
  private final TarWriter tar;

  LayerWriter(ImageStore store) throws IOException {
    this.blob = store.newBlob();
    this.gzip = new ParallelGzipOutputStream(new KeptOpenOutputStream(blob));
    this.tar = new TarWriter(new DigestOutputStream(gzip, diffHasher));
  }

  /** One layer in the store: the compressed blob and the digest of its uncompressed tar. */
  record Layer(Descriptor blob, Digest diffId) {}

  void add(Entry entry) throws IOException {
    tar.add(entry);
  }

  /** Ends the tar, moves the blob into place and returns the layer. */
  Layer finish() throws IOException {
    tar.finish();
    gzip.close();
    Digest digest = blob.commit();
    return new Layer(new Descriptor(MediaTypes.OCI_LAYER_GZIP, digest, blob.size()), Digest.fromHash(diffHasher.digest()));
  }

  @Override
  public void close() throws IOException {
    blob.close();
  }

}
