package dev.imgc.image.store;

import dev.imgc.image.oci.Descriptor;
import java.io.IOException;
import java.io.InputStream;

/** Somewhere blobs are read from by descriptor: the store itself, an OCI layout directory, a registry. */
public interface BlobSource {
  /** Opens the blob's bytes; the reader verifies them (the store's {@link BlobWriter#commit} does). */
  InputStream open(Descriptor descriptor) throws IOException;

  /** Names the source in messages: "registry docker.io", "OCI layout ./dir". */
  String name();

  /** How many times a failed transfer of one blob is tried in all; sources across a network retry. */
  default int attempts() {
    return 1;
  }
}
