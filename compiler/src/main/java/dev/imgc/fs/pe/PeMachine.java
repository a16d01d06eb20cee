package dev.imgc.fs.pe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;

/** The machine a PE image is for, from its first bytes: the COFF header the DOS header points at (0x3c) names it. */
public final class PeMachine {
  /** arm64's machine type (the PE format's "Machine Types"). */
  public static final int ARM64 = 0xaa64;

  private PeMachine() {}

  /** The machine type in the COFF header of the PE image starting {@code head}; empty when the header is not within it. */
  public static OptionalInt of(byte[] head) {
    if (head.length < 0x40 || head[0] != 'M' || head[1] != 'Z') {
      return OptionalInt.empty();
    }
    ByteBuffer fields = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    int pe = fields.getInt(0x3c);
    return pe >= 0x40 && pe + 6 <= head.length && fields.getInt(pe) == 0x4550
        ? OptionalInt.of(fields.getShort(pe + 4) & 0xffff) : OptionalInt.empty();
  }
}
