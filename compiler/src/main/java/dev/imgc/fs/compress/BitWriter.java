package dev.imgc.fs.compress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes bits least significant first, as deflate packs them, through a 64-bit buffer that is
 * emptied 32 bits at a time.
 */
final class BitWriter {
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] out = new byte[1 << 16];
  private int position;
  private long bits;
  private int count;

  void reset() {
    position = 0;
    bits = 0;
    count = 0;
  }

  /** Makes room for {@code bytes} more bytes. */
  void reserve(int bytes) {
    int needed = position + bytes + 16;
    if (needed > out.length) {
      out = Arrays.copyOf(out, Math.max(needed, out.length * 2));
    }
  }

  /** Appends the low {@code n} bits of {@code value} (at most 32; the bits above must be zero). */
  void put(int value, int n) {
    bits |= (value & 0xFFFFFFFFL) << count;
    count += n;
    if (count >= 32) {
      INT.set(out, position, (int) bits);
      position += 4;
      bits >>>= 32;
      count -= 32;
    }
  }

  /** Pads with zero bits to the next byte boundary. */
  void alignToByte() {
    count = (count + 7) & ~7;
    while (count > 0) {
      out[position++] = (byte) bits;
      bits >>>= 8;
      count -= 8;
    }
    count = 0;
  }

  boolean aligned() {
    return (count & 7) == 0;
  }

  /** Appends bytes as they are; only at a byte boundary. */
  void putBytes(byte[] source, int offset, int length) {
    alignToByte();
    System.arraycopy(source, offset, out, position, length);
    position += length;
  }

  /** The bytes written; only at a byte boundary. */
  byte[] toByteArray() {
    alignToByte();
    return Arrays.copyOf(out, position);
  }
}
