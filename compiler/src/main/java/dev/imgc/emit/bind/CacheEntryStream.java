package dev.imgc.emit.bind;

import dev.imgc.io.SkipByReading;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Reads a content cache entry: a file's bytes followed by the 4-byte CRC32C of those bytes, which the
 * cache computed in the same pass that checked the bytes against their sha256. It passes the bytes on
 * while it computes their CRC32C again, and fails the read that completes them unless the two agree
 * and nothing follows. A CRC32C, not the sha256 again, because every compile reads every cached byte:
 * the JVM computes CRC32C with one instruction per 8 bytes, while sha256 would add a good part of a
 * compile's time. It catches what damages a file at rest (every burst of up to 32 bits, anything else
 * but for a chance in 2^32), as btrfs and ext4 check their blocks with it.
 */
final class CacheEntryStream extends FilterInputStream {
  static final int TRAILER = Integer.BYTES;

  private final long size;
  private final String what;
  private final CRC32C crc = new CRC32C();
  private long count;
  private boolean checked;

  /** @param what names the entry in the error */
  CacheEntryStream(InputStream in, long size, String what) {
    super(in);
    this.size = size;
    this.what = what;
  }

  /** The trailer of an entry whose bytes {@code crc} has seen. */
  static byte[] trailer(CRC32C crc) {
    return ByteBuffer.allocate(TRAILER).putInt((int) crc.getValue()).array();
  }

  /** A cache entry whose bytes are not those it was written with. */
  static final class DamagedEntryException extends IOException {
    DamagedEntryException(String message) {
      super(message);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (count == size) {
      check();
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, size - count));
    if (n < 0) {
      throw new DamagedEntryException(what + " is corrupt: it ends after " + count + " of its " + size + " bytes");
    }
    crc.update(buffer, offset, n);
    count += n;
    if (count == size) {
      check();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return SkipByReading.skip(this, n);
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), size - count);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void check() throws IOException {
    if (checked) {
      return;
    }
    checked = true;
    byte[] trailer = in.readNBytes(TRAILER);
    if (trailer.length != TRAILER || in.read() != -1 || ByteBuffer.wrap(trailer).getInt() != (int) crc.getValue()) {
      throw new DamagedEntryException(what + " is corrupt: its bytes fail the CRC32C check they were written with");
    }
  }
}
