package dev.imgc.fs.cpio;

import dev.imgc.fs.Content;
import dev.imgc.fs.Entry;
import dev.imgc.fs.compress.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes an initrd as the kernel reads it: archives that must stay uncompressed first (an early
 * microcode cpio, which the kernel's microcode loader finds only uncompressed at the start of the
 * initrd), each padded with zeros to a 4-byte boundary, then the tree as one cpio compressed with
 * the chosen compression. The kernel unpacks the archives one after the other into the same rootfs.
 */
public final class InitrdWriter {
  private InitrdWriter() {}

  /**
   * Writes the prefixes, then {@code tree} compressed, and closes {@code out}, also when it fails. The
   * tree is checked against cpio's limits before the first byte is written.
   */
  public static void write(List<Content> uncompressedPrefix, List<? extends Entry> tree, Compression compression,
      OutputStream out) throws IOException {
    try (out) {
      CpioWriter.check(tree);
      long written = 0;
      for (Content prefix : uncompressedPrefix) {
        try (InputStream in = prefix.open()) {
          written += in.transferTo(out);
        }
        written += Compression.padToFourBytes(written, out);
      }
      try (OutputStream compressed = compression.wrap(out)) {
        CpioWriter.write(tree, compressed);
      }
    }
  }
}
