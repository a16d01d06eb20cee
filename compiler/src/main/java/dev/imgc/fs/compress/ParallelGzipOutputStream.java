package dev.imgc.fs.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream whose deflate work is spread over several threads, as pigz does, with output that
 * does not depend on the number of threads or their timing.
 *
 * <p>The input is cut into blocks of {@value #BLOCK_SIZE} bytes at fixed offsets. Each block is
 * deflated on its own, primed with the last {@value #DICTIONARY_SIZE} bytes of the block before it as
 * a preset dictionary (so matches reach back across the cut as in a serial deflate), and ended with a
 * sync flush (an empty stored block), which leaves it byte-aligned so the blocks join into one deflate
 * stream; the last block is finished instead. The CRC32 and length of the gzip trailer are computed on
 * the writing thread as the bytes pass. At most {@code 2 * threads} blocks are in flight, so memory
 * is bounded whatever the size of the input.
 *
 * <p>The header has no name and a zero time, so the same bytes in give the same bytes out. The
 * deflate itself is the Java runtime's zlib: OpenJDK as Debian, Ubuntu and most vendors build it uses
 * zlib 1.2/1.3, whose output has not changed between versions; a runtime built on another deflate
 * (zlib-ng, say) would give other, equally valid, bytes.
 * {@link #close()} finishes the stream and closes the underlying one.
 */
public final class ParallelGzipOutputStream extends OutputStream {
  static final int BLOCK_SIZE = 128 * 1024;
  static final int DICTIONARY_SIZE = 32 * 1024;
  /** ID1 ID2, CM = deflate, no flags, MTIME = 0, XFL = 0, OS = 3 (Unix), as {@code gzip -n} writes. */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};

  private final OutputStream out;
  private final int level;
  private final ExecutorService pool;
  private final int maxInFlight;
  private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
  /**
   * One deflater per worker thread, reset for each block: making one allocates and clears zlib's
   * window and hash tables (a few hundred KiB), once per 128 KiB block otherwise. Ended on close.
   */
  private final List<Deflater> made = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Deflater> deflaters;
  private final CRC32 crc = new CRC32();
  private long length;
  private byte[] block = new byte[BLOCK_SIZE];
  private int filled;
  private byte[] dictionary;
  private boolean closed;

  /** Level 6 (gzip's default), one thread per processor. */
  public ParallelGzipOutputStream(OutputStream out) throws IOException {
    this(out, 6, Runtime.getRuntime().availableProcessors());
  }

  public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("a gzip level is 0 to 9, not " + level);
    }
    this.out = out;
    this.level = level;
    this.maxInFlight = 2 * threads;
    this.deflaters = ThreadLocal.withInitial(() -> {
      Deflater deflater = new Deflater(level, true);
      made.add(deflater);
      return deflater;
    });
    this.pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "imgc-deflate");
      thread.setDaemon(true);
      return thread;
    });
    out.write(HEADER);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    crc.update(bytes, offset, count);
    length += count;
    while (count > 0) {
      int taken = Math.min(count, BLOCK_SIZE - filled);
      System.arraycopy(bytes, offset, block, filled, taken);
      filled += taken;
      offset += taken;
      count -= taken;
      if (filled == BLOCK_SIZE) {
        submit(false);
        dictionary = Arrays.copyOfRange(block, BLOCK_SIZE - DICTIONARY_SIZE, BLOCK_SIZE);
        block = new byte[BLOCK_SIZE];
        filled = 0;
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      submit(true);
      while (!inFlight.isEmpty()) {
        writeOldest();
      }
      int crcValue = (int) crc.getValue();
      int isize = (int) length; // ISIZE is the length modulo 2^32
      out.write(new byte[] {(byte) crcValue, (byte) (crcValue >> 8), (byte) (crcValue >> 16), (byte) (crcValue >> 24),
          (byte) isize, (byte) (isize >> 8), (byte) (isize >> 16), (byte) (isize >> 24)});
    } finally {
      pool.shutdownNow();
      made.forEach(Deflater::end);
      out.close();
    }
  }

  private void submit(boolean last) throws IOException {
    while (inFlight.size() >= maxInFlight) {
      writeOldest();
    }
    byte[] input = block;
    int inputLength = filled;
    byte[] preset = dictionary;
    inFlight.addLast(pool.submit(() -> deflate(input, inputLength, preset, last)));
  }

  private void writeOldest() throws IOException {
    try {
      out.write(inFlight.removeFirst().get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compressing", e);
    } catch (ExecutionException e) {
      throw new IOException("compressing failed: " + e.getCause(), e.getCause());
    }
  }

  private byte[] deflate(byte[] input, int inputLength, byte[] preset, boolean last) {
    Deflater deflater = deflaters.get();
    deflater.reset();
    if (preset != null) {
      deflater.setDictionary(preset);
    }
    deflater.setInput(input, 0, inputLength);
    if (last) {
      deflater.finish();
    }
    byte[] output = new byte[inputLength + inputLength / 16 + 64];
    int written = 0;
    while (true) {
      if (written == output.length) {
        output = Arrays.copyOf(output, output.length * 2);
      }
      int space = output.length - written;
      int n = deflater.deflate(output, written, space, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
      written += n;
      boolean done = last ? deflater.finished() : n < space;
      if (done) {
        return Arrays.copyOf(output, written);
      }
    }
  }
}
