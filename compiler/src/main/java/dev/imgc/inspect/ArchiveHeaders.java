package dev.imgc.inspect;

import java.io.IOException;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;

/**
 * The next header of a cpio or tar archive as Commons Compress reads it. The library refuses some
 * impossible header fields with unchecked exceptions (a cpio mode of no file type is an
 * {@link IllegalArgumentException}); those are damage in the artifact, so they become the
 * {@link IOException} every reader reports damage with.
 */
final class ArchiveHeaders {
  private ArchiveHeaders() {}

  /** The next entry of {@code archive}, or null after its last; {@code format} names it in the message. */
  static <E extends ArchiveEntry> E next(ArchiveInputStream<E> archive, String format) throws IOException {
    try {
      return archive.getNextEntry();
    } catch (RuntimeException e) {
      throw new IOException("a " + format + " header holds a value no " + format + " archive has ("
          + e.getMessage() + ")", e);
    }
  }
}
