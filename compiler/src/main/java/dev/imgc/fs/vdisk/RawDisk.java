package dev.imgc.fs.vdisk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A raw disk image, laid out and written once (holes where it is empty), from which every virtual
 * disk container is made: they all read the same bytes, so they all hold the same disk. The file is
 * read in chunks, and a chunk of zeros is told apart so a container can leave it unallocated.
 *
 * @param file the raw image
 * @param size the disk's size in bytes, the file's own
 */
public record RawDisk(Path file, long size) {
  public RawDisk {
    if (size <= 0 || size % 512 != 0) {
      throw new IllegalArgumentException("a disk holds whole 512-byte sectors, not " + size + " bytes");
    }
  }

  /** The raw image {@code file}, its size its length. */
  public static RawDisk of(Path file) throws IOException {
    return new RawDisk(file, Files.size(file));
  }

  /** Opens the image for reading chunk by chunk. */
  public Reader open() throws IOException {
    return new Reader(FileChannel.open(file, StandardOpenOption.READ), size);
  }

  /** Reads a raw image at any offset; past its end it reads zeros. */
  public static final class Reader implements AutoCloseable {
    private final FileChannel channel;
    private final long size;

    private Reader(FileChannel channel, long size) {
      this.channel = channel;
      this.size = size;
    }

    /**
     * Fills {@code chunk} with the disk's bytes from {@code offset}; returns whether any is not zero,
     * that is, whether a container must store the chunk.
     */
    public boolean read(long offset, byte[] chunk) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, (int) Math.max(0, Math.min(chunk.length, size - offset)));
      long at = offset;
      while (buffer.hasRemaining()) {
        int read = channel.read(buffer, at);
        if (read < 0) {
          throw new IOException(channel + " ended at " + at + " bytes, the disk has " + size);
        }
        at += read;
      }
      Arrays.fill(chunk, buffer.position(), chunk.length, (byte) 0);
      for (byte b : chunk) {
        if (b != 0) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
