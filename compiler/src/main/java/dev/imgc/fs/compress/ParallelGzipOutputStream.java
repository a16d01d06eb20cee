package dev.imgc.fs.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;

/**
 * A gzip stream whose deflate work is spread over several threads, as pigz does, with output that
 * does not depend on the number of threads or their timing.
 *
 * <p>The input is cut into blocks of {@value #BLOCK_SIZE} bytes at fixed offsets. Each block is
 * deflated on its own, primed with the last {@value #DICTIONARY_SIZE} bytes of the block before it as
 * a preset dictionary (so matches reach back across the cut as in a serial deflate), and ended on a
 * byte boundary as zlib's sync flush ends (with an empty stored block where needed), so the blocks
 * join into one deflate stream; the last block is finished instead. The CRC32 and length of the gzip trailer are computed on
 * the writing thread as the bytes pass. At most {@code 2 * threads} blocks are in flight, so memory
 * is bounded whatever the size of the input.
 *
 * <p>The header has no name and a zero time, and the deflate is imgc's own ({@link DeflateEncoder},
 * about as small as gzip -6 and about twice as fast as the Java runtime's zlib at level 6), so the
 * same bytes in give the same bytes out on every machine, whichever zlib (or zlib-ng) the runtime
 * was built with. {@link #close()} finishes the stream and closes the underlying one.
 */
public final class ParallelGzipOutputStream extends OutputStream {
  /** Names the bytes this stream writes: changed whenever they change for some input. */
  static final String IDENTITY = "imgc deflate 1, 128 KiB pieces";
  static final int BLOCK_SIZE = 128 * 1024;
  static final int DICTIONARY_SIZE = 32 * 1024;
  /** ID1 ID2, CM = deflate, no flags, MTIME = 0, XFL = 0, OS = 3 (Unix), as {@code gzip -n} writes. */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};

  private final OutputStream out;
  private final ExecutorService pool;
  private final int maxInFlight;
  private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
  /** One encoder per worker thread: each holds its window, hash chains and block (about 1 MiB). */
  private final ThreadLocal<DeflateEncoder> encoders = ThreadLocal.withInitial(DeflateEncoder::new);
  private final CRC32 crc = new CRC32();
  private long length;
  private byte[] block = new byte[BLOCK_SIZE];
  private int filled;
  private byte[] dictionary;
  private boolean closed;

  /** One thread per processor. */
  public ParallelGzipOutputStream(OutputStream out) throws IOException {
    this(out, Runtime.getRuntime().availableProcessors());
  }

  public ParallelGzipOutputStream(OutputStream out, int threads) throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    this.out = out;
    this.maxInFlight = 2 * threads;
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
    inFlight.addLast(pool.submit(() -> encoders.get().deflate(preset, input, inputLength, last)));
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
}
