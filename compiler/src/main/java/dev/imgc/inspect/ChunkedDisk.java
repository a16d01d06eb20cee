package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The disk a virtual disk container holds, read chunk by chunk (a qcow2 cluster, a VMDK grain, a
 * piece of a VHD block) through the container's tables. The chunk last read is kept, as readers go
 * through a disk mostly in order.
 */
abstract class ChunkedDisk implements ByteSource {
  private final long size;
  private final int chunkSize;
  private long cachedIndex = -1;
  private byte[] cached;

  ChunkedDisk(long size, int chunkSize) {
    this.size = size;
    this.chunkSize = chunkSize;
  }

  /** Chunk {@code index}'s bytes, exactly the chunk size; null when the container stores none (zeros). */
  abstract byte[] chunk(long index) throws IOException;

  @Override
  public final int read(ByteBuffer buffer, long position) throws IOException {
    if (position >= size) {
      return -1;
    }
    int start = buffer.position();
    while (buffer.hasRemaining() && position < size) {
      long index = position / chunkSize;
      if (index != cachedIndex) {
        cached = chunk(index);
        cachedIndex = index;
      }
      int within = (int) (position % chunkSize);
      int count = (int) Math.min(Math.min(buffer.remaining(), chunkSize - within), size - position);
      if (cached == null) {
        buffer.put(new byte[count]);
      } else {
        buffer.put(cached, within, count);
      }
      position += count;
    }
    return buffer.position() - start;
  }

  @Override
  public final long size() {
    return size;
  }

  int chunkSize() {
    return chunkSize;
  }

  /** {@code count} bytes at {@code position} of the container, as a chunk. */
  static byte[] bytes(Region container, long position, int count) throws IOException {
    byte[] bytes = new byte[count];
    container.read(position, count).get(bytes);
    return bytes;
  }

  /** Inflates {@code data} into exactly {@code size} bytes; raw deflate, or zlib-wrapped. */
  static byte[] inflate(byte[] data, int size, boolean raw, String what) throws IOException {
    java.util.zip.Inflater inflater = new java.util.zip.Inflater(raw);
    try {
      inflater.setInput(data);
      byte[] out = new byte[size];
      int filled = 0;
      while (filled < size) {
        int count = inflater.inflate(out, filled, size - filled);
        if (count == 0) {
          break;
        }
        filled += count;
      }
      if (filled != size) {
        throw new IOException(what + " inflates to " + filled + " bytes, not " + size);
      }
      return out;
    } catch (java.util.zip.DataFormatException e) {
      throw new IOException(what + " is not deflate data: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }
}
