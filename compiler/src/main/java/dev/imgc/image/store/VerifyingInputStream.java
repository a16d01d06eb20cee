package dev.imgc.image.store;

import dev.imgc.image.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a blob's bytes through while hashing them, and fails the read that reaches the end if the
 * bytes do not have the expected digest and size. A reader that stops early gets no verdict, so
 * readers of whole blobs read to the end.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final MessageDigest hasher = Digest.newHasher();
  private long count;
  private boolean verified;

  /** @param expectedSize the blob's size, or -1 when only the digest is known */
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
      hasher.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n < 0) {
      verify();
    } else {
      hasher.update(buffer, offset, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
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
    Digest actual = Digest.fromHash(hasher.digest());
    if (!actual.equals(expected) || (expectedSize >= 0 && count != expectedSize)) {
      throw new CorruptBlobException(what, expected, actual);
    }
  }
}
