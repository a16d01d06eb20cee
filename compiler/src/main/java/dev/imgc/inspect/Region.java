package dev.imgc.inspect;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A window of a file read at positions: a whole image, a partition, a file's extent. Reads are
 * little-endian buffers of the requested size; reading past the window's end means the image is
 * truncated.
 */
final class Region {
  private static final int STREAM_BUFFER = 64 * 1024;

  /** The bytes of a region, for telling an artifact that holds itself: the same source, offset and length. */
  record Span(Object source, long offset, long length) {}

  private final ByteSource channel;
  private final Object identity;
  private final long offset;
  private final long length;

  private Region(ByteSource channel, Object identity, long offset, long length) {
    this.channel = channel;
    this.identity = identity;
    this.offset = offset;
    this.length = length;
  }

  Region(FileChannel file, long offset, long length) {
    this(new ByteSource() {
      @Override
      public int read(ByteBuffer into, long position) throws IOException {
        return file.read(into, position);
      }

      @Override
      public long size() throws IOException {
        return file.size();
      }
    }, file, offset, length);
  }

  /** The whole of {@code disk}, the disk a virtual disk container holds. */
  static Region of(ChunkedDisk disk) {
    return new Region(disk, disk, 0, disk.size());
  }

  /** {@code bytes} as a region, for recognising a format by what its first bytes hold. */
  static Region of(byte[] bytes, int count) {
    return new Region(new ByteSource() {
      @Override
      public int read(ByteBuffer into, long position) {
        if (position >= count) {
          return -1;
        }
        int n = (int) Math.min(into.remaining(), count - position);
        into.put(bytes, (int) position, n);
        return n;
      }

      @Override
      public long size() {
        return count;
      }
    }, bytes, 0, count);
  }

  Span span() {
    return new Span(identity, offset, length);
  }

  long length() {
    return length;
  }

  /** A window inside this one; it may reach past the end, and reading there is then an {@link EOFException}. */
  Region slice(long position, long sliceLength) {
    return new Region(channel, identity, offset + position, sliceLength);
  }

  /** Exactly {@code count} bytes at {@code position}, little-endian, in a buffer whose array is exactly those bytes. */
  ByteBuffer read(long position, int count) throws IOException {
    if (count < 0) {
      throw new IOException("a length field says " + count + " bytes");
    }
    if (!holds(position, count)) {
      throw new EOFException("needs " + count + " bytes at offset " + (offset + position));
    }
    ByteBuffer buffer = ByteBuffer.allocate(count);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + position + buffer.position()) < 0) {
        throw new EOFException("needs " + count + " bytes at offset " + (offset + position));
      }
    }
    return buffer.flip().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Whether {@code count} bytes at {@code position} are inside the window and the file. Positions
   * come from the artifact's own fields (a partition's start may be any 64-bit number), so the sums
   * are checked without overflowing, and a window placed before the file's start holds nothing.
   */
  boolean holds(long position, long count) throws IOException {
    long start = offset + position;
    return position >= 0 && count >= 0 && count <= length - position && offset >= 0 && start >= 0
        && count <= channel.size() - start;
  }

  /** The bytes from {@code position} to {@code position + count}, streamed. */
  InputStream stream(long position, long count) {
    return new BulkInputStream() {
      private long next = position;
      private final long end = position + count;

      @Override
      public int read(byte[] bytes, int off, int len) throws IOException {
        if (next >= end) {
          return -1;
        }
        int n = (int) Math.min(Math.min(len, STREAM_BUFFER), end - next);
        ByteBuffer chunk = Region.this.read(next, n);
        chunk.get(bytes, off, n);
        next += n;
        return n;
      }
    };
  }
}
