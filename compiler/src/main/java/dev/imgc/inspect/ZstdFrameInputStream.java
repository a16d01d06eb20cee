package dev.imgc.inspect;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes of one zstd frame (RFC 8878, section 3.1.1), read from a stream that may go on after it,
 * block by block: the decompressor reads ahead, so without this bound it would swallow what follows
 * a compressed archive in an initrd. At most one block (128 KiB) is held.
 */
final class ZstdFrameInputStream extends BulkInputStream {
  private static final int MAGIC = 0xFD2FB528;
  private static final int MAX_BLOCK = 128 * 1024;
  private static final int[] DICTIONARY_ID_SIZES = {0, 1, 2, 4};
  private static final int RLE = 1;
  private static final int RESERVED = 3;

  private enum State { HEADER, BLOCK, CHECKSUM, DONE }

  private final InputStream in;
  private State state = State.HEADER;
  private boolean hasChecksum;
  private byte[] chunk = new byte[0];
  private int position;

  ZstdFrameInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (position == chunk.length) {
      if (!nextChunk()) {
        return -1;
      }
    }
    int n = Math.min(length, chunk.length - position);
    System.arraycopy(chunk, position, bytes, offset, n);
    position += n;
    return n;
  }

  private boolean nextChunk() throws IOException {
    switch (state) {
      case HEADER -> {
        byte[] start = exactly(5);
        if (ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN).getInt(0) != MAGIC) {
          throw new IOException("a zstd frame does not start with zstd's magic number");
        }
        int descriptor = start[4] & 0xff;
        boolean singleSegment = (descriptor & 0x20) != 0;
        int contentSizeFlag = descriptor >>> 6;
        int contentSizeBytes = contentSizeFlag == 0 ? (singleSegment ? 1 : 0) : 1 << contentSizeFlag;
        hasChecksum = (descriptor & 0x04) != 0;
        int rest = (singleSegment ? 0 : 1) + DICTIONARY_ID_SIZES[descriptor & 3] + contentSizeBytes;
        chunk = concat(start, exactly(rest));
        state = State.BLOCK;
      }
      case BLOCK -> {
        byte[] header = exactly(3);
        int value = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
        int type = value >>> 1 & 3;
        int size = value >>> 3;
        if (type == RESERVED || size > MAX_BLOCK) {
          throw new IOException("a zstd block header is invalid");
        }
        chunk = concat(header, exactly(type == RLE ? 1 : size));
        if ((value & 1) != 0) {
          state = hasChecksum ? State.CHECKSUM : State.DONE;
        }
      }
      case CHECKSUM -> {
        chunk = exactly(4);
        state = State.DONE;
      }
      default -> {
        return false;
      }
    }
    position = 0;
    return true;
  }

  private byte[] exactly(int count) throws IOException {
    byte[] bytes = in.readNBytes(count);
    if (bytes.length != count) {
      throw new EOFException("a zstd frame ends early");
    }
    return bytes;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
