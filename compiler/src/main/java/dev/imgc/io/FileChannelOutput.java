package dev.imgc.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A new file written as a stream, which can also {@linkplain #append append} a whole other file by
 * the kernel's copy (sendfile): a build that reuses most of an output from files kept earlier (an
 * initrd's cached segments) then moves those bytes without copying them through the JVM, which
 * {@code Files.copy(Path, OutputStream)} does 8 KiB at a time. Unbuffered, like the stream
 * {@code Files.newOutputStream} gives: its writers write large blocks.
 */
public final class FileChannelOutput extends OutputStream {
  private final FileChannel channel;

  private FileChannelOutput(FileChannel channel) {
    this.channel = channel;
  }

  /** Creates {@code file}, or empties it when it exists, for writing. */
  public static FileChannelOutput create(Path file) throws IOException {
    return new FileChannelOutput(FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING));
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Writes every byte of {@code file} after what was written so far; returns how many. */
  public long append(Path file) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = in.size();
      long copied = 0;
      while (copied < size) {
        long moved = in.transferTo(copied, size - copied, channel);
        if (moved <= 0) { // only at the file's end
          throw new IOException(file + " ended after " + copied + " of its " + size + " bytes while it was copied");
        }
        copied += moved;
      }
      return copied;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
