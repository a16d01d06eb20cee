package dev.imgc.emit.bind;

import dev.imgc.image.oci.Digest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens a layer blob by its digest, verified as it is read (the image store does): a damaged blob
 * fails the read that reaches its end with a {@link dev.imgc.image.store.CorruptBlobException}.
 */
@FunctionalInterface
public interface LayerSource {
  /** @param what names the layer in errors ("layer sha256:… of docker.io/library/alpine:3.19") */
  InputStream open(Digest layer, String what) throws IOException;
}
