package dev.imgc.fs.part;

import dev.imgc.fs.block.ImageSink;
import dev.imgc.fs.block.ImageWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A disk with an MBR partition table (up to four primary partitions) whose contents are written in
 * place, streamed, at their 1 MiB-aligned offsets.
 *
 * @param bootCode up to 440 bytes of boot code (e.g. syslinux's {@code mbr.bin}), or empty
 * @param diskSignature the 32-bit disk signature, derived by the caller
 * @param diskSize the disk's size; empty to end it after the last partition
 */
public record MbrDisk(byte[] bootCode, int diskSignature, List<Partition> partitions, Optional<DiskSize> diskSize)
    implements ImageWriter {
  /** One primary partition: its type byte (0x0C FAT32 LBA, 0x0E FAT16 LBA, 0xEF EFI, 0x83 Linux). */
  public record Partition(int type, boolean bootable, ImageWriter content) {}

  /**
   * The identifier Linux gives partition {@code number} (1 to 4) of an MBR disk, which {@code
   * root=PARTUUID=} names: the disk signature as eight hex digits, a dash, the number as two.
   */
  public static String partitionUuid(int diskSignature, int number) {
    return String.format("%08x-%02x", diskSignature & 0xffffffffL, number);
  }

  /** A disk that ends after its last partition. */
  public MbrDisk(byte[] bootCode, int diskSignature, List<Partition> partitions) {
    this(bootCode, diskSignature, partitions, Optional.empty());
  }

  public MbrDisk {
    partitions = List.copyOf(partitions);
    if (partitions.size() > 4) {
      throw new IllegalArgumentException("an MBR holds 4 primary partitions, not " + partitions.size());
    }
  }

  private List<ImageWriter> contents() {
    return partitions.stream().map(Partition::content).toList();
  }

  private DiskLayout layout() {
    return DiskLayout.of(contents(), 0, diskSize);
  }

  @Override
  public long size() {
    return layout().bytes();
  }

  @Override
  public void writeTo(ImageSink sink) throws IOException {
    long base = sink.position();
    DiskLayout layout = layout();
    List<MasterBootRecord.Slot> slots = new ArrayList<>();
    for (int i = 0; i < partitions.size(); i++) {
      Partition p = partitions.get(i);
      slots.add(new MasterBootRecord.Slot(p.bootable(), p.type(), layout.firstLbas().get(i), layout.sectors().get(i)));
    }
    sink.write(MasterBootRecord.sector(bootCode, diskSignature & 0xffffffffL, slots, 255, 63));
    layout.writeContents(sink, base, contents());
    sink.skipTo(base + size());
  }
}
