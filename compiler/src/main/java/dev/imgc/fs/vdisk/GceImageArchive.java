package dev.imgc.fs.vdisk;

import dev.imgc.fs.block.ByteFields;
import dev.imgc.fs.compress.ParallelGzipOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A disk as Google Compute Engine imports it: a gzip'd tar holding one file, {@code disk.raw}, in GNU
 * tar's format (Google's instructions make it with {@code tar --format=oldgnu -czf}). The disk is read
 * once and streamed through the compressor; gzip makes its zeros small.
 */
public final class GceImageArchive {
  static final String ENTRY = "disk.raw";
  private static final int BLOCK = 512;
  private static final int RECORD = 20 * BLOCK;
  private static final int CHUNK = 64 << 10;

  private GceImageArchive() {}

  /** Writes {@code disk} as the archive to {@code out}, which is closed at the end, dated {@code mtimeSeconds}. */
  public static void write(RawDisk disk, long mtimeSeconds, OutputStream out) throws IOException {
    ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out);
    gzip.write(header(disk.size(), mtimeSeconds));
    byte[] chunk = new byte[CHUNK];
    try (RawDisk.Reader reader = disk.open()) {
      for (long at = 0; at < disk.size(); at += CHUNK) {
        reader.read(at, chunk);
        gzip.write(chunk, 0, (int) Math.min(CHUNK, disk.size() - at));
      }
    }
    long written = BLOCK + disk.size();
    long padded = (written + 2 * BLOCK + RECORD - 1) / RECORD * RECORD;
    gzip.write(new byte[(int) (padded - written)]);
    gzip.close();
  }

  /** An old GNU tar header: the ustar fields with GNU's magic; a size past 11 octal digits in base 256. */
  static byte[] header(long size, long mtimeSeconds) {
    ByteFields h = new ByteFields(BLOCK)
        .ascii(0, ENTRY.length(), ENTRY, ' ')
        .ascii(100, 8, octal(0644, 7), '\0')
        .ascii(108, 8, octal(0, 7), '\0')
        .ascii(116, 8, octal(0, 7), '\0')
        .ascii(136, 12, octal(mtimeSeconds, 11), '\0')
        .ascii(148, 8, "        ", ' ')
        .u8(156, '0')
        .ascii(257, 8, "ustar  ", '\0');
    if (size < 1L << 33) {
      h.ascii(124, 12, octal(size, 11), '\0');
    } else {
      h.u8(124, 0x80);
      for (int i = 0; i < 8; i++) {
        h.u8(135 - i, (int) (size >>> (8 * i)) & 0xFF);
      }
    }
    long sum = 0;
    for (byte b : h.array()) {
      sum += b & 0xFF;
    }
    return h.ascii(148, 8, octal(sum, 6) + "\0 ", ' ').array();
  }

  private static String octal(long value, int digits) {
    String text = Long.toOctalString(value);
    return "0".repeat(Math.max(0, digits - text.length())) + text;
  }
}
