package dev.imgc.fs.cpio;

import dev.imgc.fs.Content;
import dev.imgc.fs.Entry;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.compress.KeptOpenOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Predicate;

/**
 * Writes an initrd as the kernel reads it: archives that must stay uncompressed first (an early
 * microcode cpio, which the kernel's microcode loader finds only uncompressed at the start of the
 * initrd), each padded with zeros to a 4-byte boundary, then the tree as cpio archives each compressed
 * on its own, one per run of {@link InitrdSegments}. The kernel unpacks the archives one after the
 * other into the same rootfs.
 */
public final class InitrdWriter {
  /** Writes the compressed archive of one run of the tree (from a cache, or anew with {@link #writeSegment}). */
  @FunctionalInterface
  public interface SegmentWriter {
    void write(List<? extends Entry> segment, OutputStream out) throws IOException;
  }

  private InitrdWriter() {}

  /**
   * Writes the prefixes, then {@code tree} compressed, and closes {@code out}, also when it fails. The
   * tree is checked against cpio's limits before the first byte is written.
   */
  public static void write(List<Content> uncompressedPrefix, List<? extends Entry> tree, Compression compression,
      OutputStream out) throws IOException {
    write(uncompressedPrefix, tree, InitrdSegments.Sizes.DEFAULT, entry -> false,
        (segment, segmentOut) -> writeSegment(segment, compression, segmentOut), out);
  }

  /**
   * Writes the prefixes, then each run of {@code tree} cut by {@code sizes} (runs of the entries
   * {@code apart} selects each on their own: {@link InitrdSegments#split(List, InitrdSegments.Sizes,
   * Predicate)}) through {@code segments}, and closes {@code out}, also when it fails. The tree is
   * checked against cpio's limits before the first byte is written.
   */
  public static void write(List<Content> uncompressedPrefix, List<? extends Entry> tree, InitrdSegments.Sizes sizes,
      Predicate<Entry> apart, SegmentWriter segments, OutputStream out) throws IOException {
    try (out) {
      CpioWriter.check(tree);
      long written = 0;
      for (Content prefix : uncompressedPrefix) {
        try (InputStream in = prefix.open()) {
          written += in.transferTo(out);
        }
        written += Compression.padToFourBytes(written, out);
      }
      for (List<? extends Entry> segment : InitrdSegments.split(tree, sizes, apart)) {
        segments.write(segment, out);
      }
    }
  }

  /**
   * Writes {@code segment} as one cpio archive compressed with {@code compression} to {@code out}, which
   * stays open. Every archive ends on a 4-byte boundary, so uncompressed ones follow each other as the
   * kernel looks for them.
   */
  public static void writeSegment(List<? extends Entry> segment, Compression compression, OutputStream out)
      throws IOException {
    try (OutputStream compressed = compression.wrap(new KeptOpenOutputStream(out))) {
      CpioWriter.write(segment, compressed);
    }
  }
}
