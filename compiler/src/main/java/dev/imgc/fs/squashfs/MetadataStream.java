package dev.imgc.fs.squashfs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A squashfs metadata table (inodes, directories, fragments, ids, xattrs): bytes cut into blocks of
 * 8 KiB, each compressed on its own and written after a 2-byte header giving its stored length, with
 * bit 15 set when it is stored uncompressed. A place in the table is the position of its block's
 * header in the stored table and the offset in the block's uncompressed bytes.
 */
final class MetadataStream {
  static final int BLOCK = 8192;
  private static final int UNCOMPRESSED = 0x8000;

  private final BlockCompressor compressor;
  private final int dataBlockSize;
  private final ByteArrayOutputStream stored = new ByteArrayOutputStream();
  private final List<Long> blockStarts = new ArrayList<>();
  private final byte[] pending = new byte[BLOCK];
  private int pendingLength;

  MetadataStream(BlockCompressor compressor, int dataBlockSize) {
    this.compressor = compressor;
    this.dataBlockSize = dataBlockSize;
  }

  /** Where the next byte goes: the stored position of its block, shifted 16 bits left, or'ed with the offset in it. */
  long reference() {
    return ((long) stored.size() << 16) | pendingLength;
  }

  int storedBlockStart() {
    return stored.size();
  }

  int offsetInBlock() {
    return pendingLength;
  }

  void write(byte[] bytes) {
    int at = 0;
    while (at < bytes.length) {
      int n = Math.min(bytes.length - at, BLOCK - pendingLength);
      System.arraycopy(bytes, at, pending, pendingLength, n);
      pendingLength += n;
      at += n;
      if (pendingLength == BLOCK) {
        flush();
      }
    }
  }

  /** The stored table, its last block written even if not full. */
  byte[] finish() {
    if (pendingLength > 0) {
      flush();
    }
    return stored.toByteArray();
  }

  /** The stored position of each block, in order: the index of a fragment, id or xattr id table. */
  List<Long> blockStarts() {
    return List.copyOf(blockStarts);
  }

  private void flush() {
    blockStarts.add((long) stored.size());
    Optional<byte[]> compressed = compressor.compress(pending, pendingLength, dataBlockSize);
    byte[] body = compressed.orElse(Arrays.copyOf(pending, pendingLength));
    int header = compressed.isPresent() ? body.length : body.length | UNCOMPRESSED;
    stored.write(header & 0xFF);
    stored.write(header >>> 8);
    stored.write(body, 0, body.length);
    pendingLength = 0;
  }
}
