package dev.imgc.fs.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Stand-in kernels laid out as the kernel's boot documents describe them, for tests that never boot them. */
public final class KernelFixtures {
  private KernelFixtures() {}

  /** An arm64 Image of {@code size} bytes: Documentation/arch/arm64/booting.rst's header, then a pattern. */
  public static byte[] arm64Image(int size) {
    ByteBuffer image = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    image.putInt(0, 0x14000010); // code0: a branch past the header, as a real Image has
    image.putLong(8, 0); // text_offset
    image.putLong(16, size); // image_size
    image.putLong(24, 0x2); // flags: little-endian, 4K pages
    image.put(0x38, new byte[] {'A', 'R', 'M', 0x64});
    for (int i = 0x40; i < size; i++) {
      image.put(i, (byte) (i * 31 >> 3));
    }
    return image.array();
  }

  /** An EFI zboot image around {@code payload}, compressed with {@code compression}, as zboot-header.S lays it out. */
  public static byte[] zboot(byte[] payload, String compression) {
    int offset = 0x1000;
    ByteBuffer image = ByteBuffer.allocate(offset + payload.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    image.put(0, new byte[] {'M', 'Z'});
    image.put(4, "zimg".getBytes(StandardCharsets.US_ASCII));
    image.putInt(8, offset);
    image.putInt(12, payload.length);
    image.put(24, compression.getBytes(StandardCharsets.US_ASCII));
    image.putInt(0x3c, 0x40); // the PE header
    image.putInt(0x40, 0x4550);
    image.putShort(0x44, (short) 0xaa64);
    image.put(offset, payload);
    return image.array();
  }
}
