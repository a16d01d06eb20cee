package dev.imgc.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A new file written as a stream, which can also {@linkplain #append append} a whole other file by
 * the kernel's copy (sendfile): a build that reuses most of an output from files kept earlier (an
 * initrd's cached segments) then moves those bytes without copying them through the JVM, which
 * {@code Files.copy(Path, OutputStream)} does 8 KiB at a time. Unbuffered, like the stream
 * {@code Files.newOutputStream} gives: its writers write large blocks.
 *
 * <p>Appends are copied by a thread of the stream's own, in order, while the caller goes on to find
 * the next file (an edited initrd's hundred segments: the copying is the kernel's work, finding them
 * the JVM's, so on two cores the one hides the other); a write, and closing, wait for the copies
 * before them, and a copy that failed fails them.
 */
public final class FileChannelOutput extends OutputStream {
  private final FileChannel channel;
  private ExecutorService copier;
  /** The last copy handed to the copier, done or not; null when none is. */
  private Future<?> copying;
  /** The first copy's failure; the copies after it copy nothing. */
  private final AtomicReference<Exception> failure = new AtomicReference<>();

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
    awaitCopies();
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * Has every byte of {@code file}, as it is now, written after what was written and appended so
   * far; returns how many. The file is opened before this returns, so it may be deleted meanwhile.
   */
  public long append(Path file) throws IOException {
    FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = in.size();
      if (copier == null) {
        copier = Executors.newSingleThreadExecutor(task -> {
          Thread thread = new Thread(task, "imgc-append");
          thread.setDaemon(true);
          return thread;
        });
      }
      copying = copier.submit(() -> {
        try (in) {
          if (failure.get() == null) { // after a failed copy the file is bad: the rest is not copied
            copy(in, size, file);
          }
        } catch (IOException | RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      });
      return size;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private void copy(FileChannel in, long size, Path file) throws IOException {
    long copied = 0;
    while (copied < size) {
      long moved = in.transferTo(copied, size - copied, channel);
      if (moved <= 0) { // only at the file's end
        throw new IOException(file + " ended after " + copied + " of its " + size + " bytes while it was copied");
      }
      copied += moved;
    }
  }

  /** Waits for the copies handed to the copier (which runs them in order); fails as the first that failed. */
  private void awaitCopies() throws IOException {
    if (copying != null) {
      try {
        copying.get();
        copying = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while copying into the file");
      } catch (ExecutionException e) { // the copy catches what it throws
        throw new IllegalStateException(e.getCause());
      }
    }
    Exception failed = failure.get();
    if (failed instanceof IOException io) {
      throw io; // as the copy threw it: a full disk is told by its type and message
    } else if (failed != null) {
      throw (RuntimeException) failed;
    }
  }

  @Override
  public void close() throws IOException {
    try (channel) {
      awaitCopies();
    } finally {
      if (copier != null) {
        copier.shutdown(); // its copies are done, or failed and their failure is what closing throws
      }
    }
  }
}
