package dev.imgc.image.store;

import dev.imgc.image.oci.Digest;
import dev.imgc.io.DiskFullException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Writes one blob into the store: bytes go to a temporary file while they are hashed, and
 * {@link #commit} renames the file to its digest. Closing an uncommitted writer deletes the temporary
 * file, so an interrupted write leaves nothing behind under {@code blobs/}.
 */
public final class BlobWriter extends OutputStream {
  private final ImageStore store;
  private final Path temp;
  private final OutputStream out;
  private final MessageDigest hasher = Digest.newHasher();
  private long size;
  private boolean committed;
  private boolean closed;

  BlobWriter(ImageStore store, Path temp) throws IOException {
    this.store = store;
    this.temp = temp;
    this.out = new BufferedOutputStream(DiskFullException.reporting(Files.newOutputStream(temp), store.place()), 1 << 16);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    hasher.update((byte) b);
    size++;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
    hasher.update(bytes, offset, length);
    size += length;
  }

  public long size() {
    return size;
  }

  /** Moves the blob into place under its digest and returns that digest. */
  public Digest commit() throws IOException {
    out.close();
    Digest digest = Digest.fromHash(hasher.digest());
    store.moveIntoPlace(temp, digest);
    committed = true;
    return digest;
  }

  /**
   * Moves the blob into place if it has the expected digest and size; otherwise discards it and
   * throws, so a blob damaged in transfer never enters the store.
   */
  public Digest commit(Digest expected, long expectedSize, String what) throws IOException {
    out.close();
    Digest actual = Digest.fromHash(hasher.digest());
    if (!actual.equals(expected) || (expectedSize >= 0 && size != expectedSize)) {
      close();
      throw new CorruptBlobException(what, expected, actual);
    }
    store.moveIntoPlace(temp, actual);
    committed = true;
    return actual;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    out.close();
    if (!committed) {
      store.discard(temp);
    }
  }
}
