package dev.imgc.fs.vdisk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Where a virtual disk container is written: bytes at any offset, what is never written left as a
 * hole. Containers put their tables after the data they index, once it is known where the data went,
 * and their header last, so each reads the raw disk once.
 */
public final class SparseOutput implements Closeable {
  private final FileChannel channel;

  /** Writes into {@code channel}, which must be empty. */
  public SparseOutput(FileChannel channel) throws IOException {
    if (channel.size() != 0) {
      throw new IllegalArgumentException("a virtual disk is written into an empty file, this one holds " + channel.size() + " bytes");
    }
    this.channel = channel;
  }

  public void write(long offset, byte[] bytes) throws IOException {
    write(offset, bytes, bytes.length);
  }

  public void write(long offset, byte[] bytes, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
    long at = offset;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  /** Makes the file exactly {@code size} bytes long, a hole to the end if nothing was written there. */
  public void finish(long size) throws IOException {
    if (channel.size() > size) {
      throw new IllegalStateException("a container written past its end: " + channel.size() + " > " + size);
    }
    if (channel.size() < size) {
      channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
