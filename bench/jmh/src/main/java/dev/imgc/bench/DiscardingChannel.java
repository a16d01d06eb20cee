package dev.imgc.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * A channel that counts what is written and keeps none of it: the image writers' sink without the
 * disk, so a benchmark measures the writer rather than the filesystem it writes to.
 */
final class DiscardingChannel implements SeekableByteChannel {
  private long position;
  private long size;
  private boolean open = true;

  @Override
  public int write(ByteBuffer source) {
    int length = source.remaining();
    source.position(source.limit());
    position += length;
    size = Math.max(size, position);
    return length;
  }

  @Override
  public int read(ByteBuffer destination) {
    throw new UnsupportedOperationException("a discarding channel holds nothing to read");
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    size = Math.min(size, newSize);
    position = Math.min(position, newSize);
    return this;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
