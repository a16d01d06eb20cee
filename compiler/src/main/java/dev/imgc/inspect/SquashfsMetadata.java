package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Squashfs's metadata (inodes, directories, and the fragment, id and xattr tables): a sequence of
 * blocks of at most 8 KiB, each behind a 16-bit header saying its stored size and whether it is
 * compressed. A few decompressed blocks are kept, as the readers go through tables mostly in order.
 */
final class SquashfsMetadata {
  static final int BLOCK = 8192;
  private static final int UNCOMPRESSED = 0x8000;
  private static final int CACHED = 16;

  private record Block(byte[] data, long next) {}

  private final Region image;
  private final SquashfsCodec codec;
  private final Budget budget;
  private final Map<Long, Block> cache = new LinkedHashMap<>(CACHED, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Block> eldest) {
      return size() > CACHED;
    }
  };

  SquashfsMetadata(Region image, SquashfsCodec codec, Budget budget) {
    this.image = image;
    this.codec = codec;
    this.budget = budget;
  }

  /** Reads from the block at {@code position} of the image, {@code offset} bytes into what it holds. */
  Cursor at(long position, int offset) throws IOException {
    if (offset < 0 || offset >= BLOCK) {
      throw new IOException("a metadata reference points " + offset + " bytes into an 8 KiB block");
    }
    return new Cursor(position, offset);
  }

  private Block block(long position) throws IOException {
    Block cached = cache.get(position);
    if (cached != null) {
      return cached;
    }
    int header = image.read(position, 2).getShort() & 0xffff;
    int stored = header & ~UNCOMPRESSED;
    if (stored == 0 || stored > BLOCK) {
      throw new IOException("a metadata block at " + position + " says it stores " + stored + " bytes");
    }
    byte[] bytes = ChunkedDisk.bytes(image, position + 2, stored);
    byte[] data = (header & UNCOMPRESSED) != 0 ? bytes : codec.decompress(bytes, BLOCK);
    budget.expand(data.length);
    Block block = new Block(data, position + 2 + stored);
    cache.put(position, block);
    return block;
  }

  /** A place in the metadata, read forward across blocks. */
  final class Cursor {
    private long position;
    private int offset;

    private Cursor(long position, int offset) {
      this.position = position;
      this.offset = offset;
    }

    /** {@code count} bytes from here, little-endian. */
    ByteBuffer read(int count) throws IOException {
      ByteBuffer out = ByteBuffer.allocate(count).order(ByteOrder.LITTLE_ENDIAN);
      while (out.hasRemaining()) {
        Block block = block(position);
        if (offset >= block.data().length) {
          if (offset > block.data().length || block.data().length == 0) {
            throw new IOException("a metadata reference points past the end of its block");
          }
          position = block.next();
          offset = 0;
          continue;
        }
        int n = Math.min(out.remaining(), block.data().length - offset);
        out.put(block.data(), offset, n);
        offset += n;
      }
      return out.flip();
    }

    int u16() throws IOException {
      return read(2).getShort() & 0xffff;
    }

    long u32() throws IOException {
      return read(4).getInt() & 0xffffffffL;
    }

    long u64() throws IOException {
      return read(8).getLong();
    }

    byte[] bytes(int count) throws IOException {
      return read(count).array();
    }
  }
}
