package dev.imgc.fs.ext4;

import dev.imgc.fs.Content;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of a file that hold data, as runs of logical blocks; the others are holes, which read as
 * zeros and take no space. Found by reading the file once, block by block.
 */
final class DataRuns {
  /** {@code count} blocks from logical block {@code start}. */
  record Run(long start, long count) {}

  private DataRuns() {}

  /** Every block of a file of {@code size} bytes: one run, no holes. */
  static List<Run> whole(long size) {
    long blocks = blocks(size);
    return blocks == 0 ? List.of() : List.of(new Run(0, blocks));
  }

  static long blocks(long size) {
    return (size + Ext4Image.BLOCK - 1) / Ext4Image.BLOCK;
  }

  /** The runs of blocks of {@code content} holding a byte other than zero; {@code path} names it in errors. */
  static List<Run> scan(String path, long size, Content content) throws IOException {
    List<Run> runs = new ArrayList<>();
    byte[] block = new byte[Ext4Image.BLOCK];
    long runStart = -1;
    long index = 0;
    long read = 0;
    try (InputStream in = content.open()) {
      while (read < size) {
        int length = in.readNBytes(block, 0, (int) Math.min(block.length, size - read));
        if (length == 0) {
          break;
        }
        read += length;
        boolean data = !isZero(block, length);
        if (data && runStart < 0) {
          runStart = index;
        } else if (!data && runStart >= 0) {
          runs.add(new Run(runStart, index - runStart));
          runStart = -1;
        }
        index++;
      }
      if (read != size || in.read() >= 0) {
        throw new IOException("'" + path + "' changed while it was written: expected " + size + " bytes, read "
            + (read == size ? "more" : String.valueOf(read)));
      }
    }
    if (runStart >= 0) {
      runs.add(new Run(runStart, index - runStart));
    }
    return runs;
  }

  static boolean isZero(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
