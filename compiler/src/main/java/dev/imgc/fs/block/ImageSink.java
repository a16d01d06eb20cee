package dev.imgc.fs.block;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Where a disk image is written: forward only, tracking the byte position. Gaps are left as holes
 * (the channel is moved past them) so images with large empty areas stay sparse on disk; this is why
 * the channel must be new and empty. Writers lay their image out first, then write it once, in order.
 */
public final class ImageSink implements Closeable {
  private static final int COPY_BUFFER = 1 << 16;

  private final SeekableByteChannel channel;
  private long position;

  public ImageSink(SeekableByteChannel channel) throws IOException {
    if (channel.size() != 0) {
      throw new IllegalArgumentException("an image sink needs an empty channel, this one holds " + channel.size() + " bytes");
    }
    this.channel = channel;
  }

  public long position() {
    return position;
  }

  public void write(byte[] bytes) throws IOException {
    write(bytes, 0, bytes.length);
  }

  public void write(byte[] bytes, int offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    position += length;
  }

  /** Moves forward to {@code target}, leaving zeros (a hole) between. */
  public void skipTo(long target) throws IOException {
    if (target < position) {
      throw new IllegalStateException("image writer went backwards: at " + position + ", asked for " + target);
    }
    position = target;
    channel.position(target);
  }

  /**
   * Copies exactly {@code size} bytes from {@code in}; {@code what} names the source in errors. Whole
   * buffers of zeros become holes, like the gaps: {@link #finish} gives the image its full length.
   */
  public void copy(InputStream in, long size, String what) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER];
    long left = size;
    while (left > 0) {
      int read = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
      if (read == 0) {
        throw new IOException(what + " ended after " + (size - left) + " bytes, " + size + " were announced");
      }
      if (read == buffer.length && isZero(buffer)) {
        skipTo(position + read);
      } else {
        write(buffer, 0, read);
      }
      left -= read;
    }
    if (in.read() >= 0) {
      throw new IOException(what + " holds more than the " + size + " bytes announced");
    }
  }

  private static boolean isZero(byte[] buffer) {
    for (byte b : buffer) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Ends the image at exactly {@code size} bytes, the tail (if any) zero. */
  public void finish(long size) throws IOException {
    skipTo(size);
    if (channel.size() < size) {
      channel.position(size - 1);
      channel.write(ByteBuffer.wrap(new byte[1]));
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
