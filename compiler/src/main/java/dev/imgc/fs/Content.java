package dev.imgc.fs;

import java.io.IOException;
import java.io.InputStream;

/** Opens the bytes of a regular file; called once per write, so the bytes are streamed, never held. */
@FunctionalInterface
public interface Content {
  InputStream open() throws IOException;
}
