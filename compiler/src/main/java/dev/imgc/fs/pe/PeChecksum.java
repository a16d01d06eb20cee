package dev.imgc.fs.pe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * The PE image checksum (the optional header's CheckSum): the file summed as little-endian 16-bit
 * words with end-around carry, the checksum field itself counted as zero, plus the file's length.
 * UEFI firmware does not check it, but systemd-stub ships with a valid one and signing tools and
 * {@code pesign} warn about a wrong one, so the image keeps it valid.
 */
final class PeChecksum {
  private PeChecksum() {}

  static long of(FileChannel file, long checksumOffset) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    long sum = 0;
    long position = 0;
    long length = file.size();
    while (position < length) {
      buffer.clear();
      int read = file.read(buffer, position);
      if (read <= 0) {
        throw new IOException("the image shrank while its checksum was computed");
      }
      if (read % 2 == 1 && position + read < length) {
        // keep the words aligned: leave the odd byte for the next read
        read--;
      }
      buffer.flip().limit(read);
      for (int i = 0; i + 1 < read; i += 2) {
        long word = Short.toUnsignedInt(buffer.getShort(i));
        long at = position + i;
        if (at == checksumOffset || at == checksumOffset + 2) {
          word = 0;
        }
        sum = fold(sum + word);
      }
      if (read % 2 == 1) {
        sum = fold(sum + Byte.toUnsignedInt(buffer.get(read - 1)));
      }
      position += read;
    }
    return (sum + length) & 0xFFFF_FFFFL;
  }

  private static long fold(long sum) {
    return (sum & 0xFFFF) + (sum >>> 16);
  }
}
