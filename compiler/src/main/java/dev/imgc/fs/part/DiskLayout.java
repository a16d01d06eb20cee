package dev.imgc.fs.part;

import dev.imgc.fs.block.ImageSink;
import dev.imgc.fs.block.ImageWriter;
import dev.imgc.fs.block.LayoutException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where partitions go on a disk: each starts on a 1 MiB boundary (the first at 1 MiB, LBA 2048) and
 * takes its content's size rounded up to whole sectors; the disk ends on a 1 MiB boundary after the
 * last partition and {@code tailSectors} (GPT's backup), or where a {@link DiskSize} asks, past that.
 */
public record DiskLayout(List<Long> firstLbas, List<Long> sectors, long totalSectors) {
  static final long ALIGN = 2048;
  /** The first partition's first sector, known before any content is laid out (a FAT's hidden sectors). */
  public static final long FIRST_LBA = ALIGN;

  static DiskLayout of(List<? extends ImageWriter> contents, long tailSectors, Optional<DiskSize> size) {
    List<Long> firsts = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    long next = ALIGN;
    for (ImageWriter content : contents) {
      long sectors = (content.size() + MasterBootRecord.SECTOR - 1) / MasterBootRecord.SECTOR;
      firsts.add(next);
      sizes.add(sectors);
      next = alignUp(next + sectors);
    }
    long end = contents.isEmpty() ? ALIGN : firsts.get(firsts.size() - 1) + sizes.get(sizes.size() - 1);
    long needed = alignUp(end + tailSectors);
    if (size.isPresent() && size.get().sectors() < needed) {
      throw new LayoutException("a disk of " + size.get() + " does not hold its partitions, which need "
          + needed / ALIGN + " MiB; ask for " + needed / ALIGN + " MiB or more");
    }
    return new DiskLayout(List.copyOf(firsts), List.copyOf(sizes), size.map(DiskSize::sectors).orElse(needed));
  }

  /** The disk's size in bytes. */
  long bytes() {
    return totalSectors * MasterBootRecord.SECTOR;
  }

  /** Writes each of {@code contents} at the first sector of its partition, the disk starting at {@code base}. */
  void writeContents(ImageSink sink, long base, List<? extends ImageWriter> contents) throws IOException {
    for (int i = 0; i < contents.size(); i++) {
      sink.skipTo(base + firstLbas.get(i) * MasterBootRecord.SECTOR);
      contents.get(i).writeTo(sink);
    }
  }

  private static long alignUp(long lba) {
    return (lba + ALIGN - 1) / ALIGN * ALIGN;
  }
}
