package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;

/** Fields that ext4 and EROFS store alike: a volume's UUID, an inode's mode. */
final class FilesystemFields {
  private FilesystemFields() {}

  /** The 16 bytes at {@code offset} as a UUID in its usual text form, bytes in stored order. */
  static String uuid(ByteBuffer buffer, int offset) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      hex.append(String.format(Locale.ROOT, "%02x", buffer.get(offset + i)));
      if (i == 3 || i == 5 || i == 7 || i == 9) {
        hex.append('-');
      }
    }
    return hex.toString();
  }

  /** The type an inode's full mode says; null for a socket, which no listing shows. */
  static EntryType type(long inode, int fullMode) throws IOException {
    return switch (fullMode & 0170000) {
      case 0140000 -> null;
      case 0100000, 0040000, 0120000, 0020000, 0060000, 0010000 -> EntryType.ofModeBits(fullMode);
      default -> throw new IOException("inode " + inode + " has the unknown mode 0" + Integer.toOctalString(fullMode));
    };
  }
}
