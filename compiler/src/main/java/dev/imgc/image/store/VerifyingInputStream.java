package dev.imgc.image.store;

import dev.imgc.image.oci.Digest;
import dev.imgc.io.SkipByReading;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes bytes named by their digest through while hashing them, and fails the read that completes
 * them if they do not have the expected digest and size: the read that reaches the expected size
 * (readers that take exactly a file's size, as the image writers do, get their verdict without
 * reading on), a read past it, or the read that reaches the end. A reader that stops early gets no
 * verdict, so readers of whole blobs read to the end.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final MessageDigest hasher = Digest.newHasher();
  private long count;
  private boolean verified;

  /**
   * @param expectedSize the size, or -1 when only the digest is known
   * @param what names the bytes in the error ("layer sha256:… of docker.io/library/alpine:3.19")
   */
  VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
    super(in);
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      verify();
    } else {
      counted(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n < 0) {
      verify();
    } else {
      counted(buffer, offset, n);
    }
    return n;
  }

  private void counted(byte[] buffer, int offset, int n) throws IOException {
    if (verified && n > 0) {
      throw new CorruptBlobException(what, expected, expectedSize, count + n);
    }
    hasher.update(buffer, offset, n);
    count += n;
    if (expectedSize >= 0 && count >= expectedSize) {
      verify();
    }
  }

  @Override
  public long skip(long n) throws IOException {
    return SkipByReading.skip(this, n);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void verify() throws IOException {
    if (verified) {
      return;
    }
    verified = true;
    if (expectedSize >= 0 && count != expectedSize) {
      throw new CorruptBlobException(what, expected, expectedSize, count);
    }
    Digest actual = Digest.fromHash(hasher.digest());
    if (!actual.equals(expected)) {
      throw new CorruptBlobException(what, expected, actual);
    }
  }
}
