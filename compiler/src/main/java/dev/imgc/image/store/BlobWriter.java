package dev.imgc.image.store;

import dev.imgc.image.oci.Digest;
import dev.imgc.io.DiskFullException;
import dev.imgc.io.AtomicFiles;
import dev.imgc.io.TemporaryFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Writes one file into a directory of files named by their sha256 (the store's {@code blobs/sha256},
 * the build's content cache): bytes go to a temporary file while they are hashed, and {@link #commit}
 * checks the hash and renames the file to it. Closing an uncommitted writer deletes the temporary
 * file, so an interrupted or refused write leaves nothing behind under a digest's name.
 */
public final class BlobWriter extends OutputStream {
  private final Path directory;
  private final TemporaryFiles temporaries;
  private final Path temp;
  private final OutputStream out;
  private final MessageDigest hasher = Digest.newHasher();
  private long size;
  private boolean committed;
  private boolean closed;

  private BlobWriter(Path directory, TemporaryFiles temporaries, Path temp, DiskFullException.Place place)
      throws IOException {
    this.directory = directory;
    this.temporaries = temporaries;
    this.temp = temp;
    this.out = new BufferedOutputStream(DiskFullException.reporting(Files.newOutputStream(temp), place), 1 << 16);
  }

  /**
   * A writer of a new file of {@code directory}, whose temporary file is one of {@code temporaries}
   * (on the same filesystem, so the rename is atomic); a full disk is named as {@code place}.
   */
  public static BlobWriter into(Path directory, TemporaryFiles temporaries, DiskFullException.Place place)
      throws IOException {
    try {
      return new BlobWriter(directory, temporaries, temporaries.createFile("blob-", ".tmp"), place);
    } catch (IOException e) {
      throw DiskFullException.explain(e, place);
    }
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

  /**
   * Appends bytes that are not part of the hashed content (nor of its size): the content cache's
   * checksum trailer. Nothing hashed may follow them.
   */
  public void writeUnhashed(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  public long size() {
    return size;
  }

  /** Moves the file into place under its digest and returns that digest. */
  public Digest commit() throws IOException {
    out.close();
    Digest digest = Digest.fromHash(hasher.digest());
    moveIntoPlace(digest);
    return digest;
  }

  /**
   * Moves the file into place if it has the expected digest and size; otherwise discards it and
   * throws, so bytes damaged in transfer never take a digest's name.
   *
   * @param expectedSize the size the bytes must have, or -1 when only the digest is known
   * @param what names the bytes in the error
   */
  public Digest commit(Digest expected, long expectedSize, String what) throws IOException {
    out.close();
    Digest actual = Digest.fromHash(hasher.digest());
    if (!actual.equals(expected) || (expectedSize >= 0 && size != expectedSize)) {
      close();
      throw new CorruptBlobException(what, expected, actual);
    }
    moveIntoPlace(actual);
    return actual;
  }

  /** Renames the checked file to its digest, replacing a damaged file of that name if there is one. */
  private void moveIntoPlace(Digest digest) throws IOException {
    AtomicFiles.moveIntoPlace(temp, directory.resolve(digest.hex()), temporaries);
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    out.close();
    if (!committed) {
      temporaries.delete(temp);
    }
  }
}
