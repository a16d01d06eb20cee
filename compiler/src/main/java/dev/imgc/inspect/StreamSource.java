package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;

/** Opens a stream afresh, for a format that must be read twice (an OCI archive's blobs come in any order). */
@FunctionalInterface
interface StreamSource {
  InputStream open() throws IOException;
}
