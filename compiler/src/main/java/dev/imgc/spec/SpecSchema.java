package dev.imgc.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The JSON Schema of a spec, as shipped in the jar: the one place that knows where it lives. */
public final class SpecSchema {
  private static final String RESOURCE = "/dev/imgc/schema/imgc.schema.json";

  private SpecSchema() {}

  /** Opens the schema's bytes (UTF-8 JSON); the caller closes the stream. */
  public static InputStream open() {
    InputStream in = SpecSchema.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new UncheckedIOException(new IOException("the jar lacks " + RESOURCE + "; rebuild imgc"));
    }
    return in;
  }
}
