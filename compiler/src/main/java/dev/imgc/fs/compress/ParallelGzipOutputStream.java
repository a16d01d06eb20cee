package dev.imgc.fs.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
 *
 * <p>The worker threads, their encoders (about 0.7 MiB each) and the blocks outlive the stream: a
 * build writes one stream per initrd segment (a few MiB each), and making them anew for each kept
 * the collector copying and compacting live encoders and blocks, every thread stopped meanwhile
 * (1.6 s of pauses in a build of a 500 MB tree whose deflate took 12 s of CPU; 0.13 s now).
 */
public final class ParallelGzipOutputStream extends OutputStream {
  /** Names the bytes this stream writes: changed whenever they change for some input. */
  static final String IDENTITY = "imgc deflate 1, 128 KiB pieces";
  static final int BLOCK_SIZE = 128 * 1024;
  /** Each block is primed with this much of the one before it: all that deflate can reach back. */
  static final int DICTIONARY_SIZE = DeflateEncoder.WINDOW;
  /** ID1 ID2, CM = deflate, no flags, MTIME = 0, XFL = 0, OS = 3 (Unix), as {@code gzip -n} writes. */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
  /** The worker pools by their thread count, for the life of the process; their threads are daemons. */
  private static final ConcurrentMap<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();
  /**
   * One encoder per worker thread, and per thread that closes a stream of one block: each holds its
   * window, hash chains and block.
   */
  private static final ThreadLocal<DeflateEncoder> ENCODERS = ThreadLocal.withInitial(DeflateEncoder::new);
  /** Blocks whose deflate is done, for any stream to fill again; as many as two streams of every core keep in flight. */
  private static final BlockingQueue<byte[]> SPARE_BLOCKS =
      new ArrayBlockingQueue<>(4 * Runtime.getRuntime().availableProcessors() + 4);

  /** A block handed to a worker and its deflated bytes to come. */
  private record Pending(byte[] input, Future<byte[]> deflated) {}

  private final OutputStream out;
  private final ExecutorService pool;
  private final int maxInFlight;
  private final Deque<Pending> inFlight = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();
  private long length;
  private byte[] block = newBlock();
  private int filled;
  /** The last full block handed to a worker: the next one's dictionary. */
  private byte[] before;
  /** The last block written out: free once the block after it (primed with it) is written too. */
  private byte[] written;
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
    this.pool = POOLS.computeIfAbsent(threads, count -> Executors.newFixedThreadPool(count, task -> {
      Thread thread = new Thread(task, "imgc-deflate");
      thread.setDaemon(true);
      return thread;
    }));
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
        before = block;
        block = newBlock();
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
    try (out) {
      if (before == null) {
        // The whole stream is this one block (an initrd segment of a few small files): it is deflated
        // here, as a worker would deflate it, since starting a worker or handing it the block takes
        // longer than the deflate itself.
        out.write(ENCODERS.get().deflate(null, block, filled, true));
        SPARE_BLOCKS.offer(block);
      } else {
        submit(true);
        while (!inFlight.isEmpty()) {
          writeOldest();
        }
        SPARE_BLOCKS.offer(written);
      }
      int crcValue = (int) crc.getValue();
      int isize = (int) length; // ISIZE is the length modulo 2^32
      out.write(new byte[] {(byte) crcValue, (byte) (crcValue >> 8), (byte) (crcValue >> 16), (byte) (crcValue >> 24),
          (byte) isize, (byte) (isize >> 8), (byte) (isize >> 16), (byte) (isize >> 24)});
    }
  }

  private static byte[] newBlock() {
    byte[] spare = SPARE_BLOCKS.poll();
    return spare != null ? spare : new byte[BLOCK_SIZE];
  }

  private void submit(boolean last) throws IOException {
    while (inFlight.size() >= maxInFlight) {
      writeOldest();
    }
    byte[] input = block;
    int inputLength = filled;
    byte[] dictionary = before;
    inFlight.addLast(new Pending(input,
        pool.submit(() -> ENCODERS.get().deflate(dictionary, input, inputLength, last))));
  }

  private void writeOldest() throws IOException {
    Pending oldest = inFlight.removeFirst();
    try {
      out.write(oldest.deflated().get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compressing", e);
    } catch (ExecutionException e) {
      throw new IOException("compressing failed: " + e.getCause(), e.getCause());
    }
    if (written != null) {
      SPARE_BLOCKS.offer(written);
    }
    written = oldest.input();
  }
}
