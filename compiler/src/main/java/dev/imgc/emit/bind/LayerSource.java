package dev.imgc.emit.bind;

import dev.imgc.image.oci.Digest;
import java.io.IOException;
import java.io.InputStream;

/** Opens a layer blob by its digest, verified as it is read (the image store does). */
@FunctionalInterface
public interface LayerSource {
  InputStream open(Digest layer) throws IOException;
}
