package dev.imgc.fs.part;

import dev.imgc.fs.block.ByteFields;
import dev.imgc.fs.block.ImageSink;
import dev.imgc.fs.block.ImageWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * A GPT disk: protective MBR, primary header and partition array at the front, partitions streamed
 * in place at 1 MiB-aligned offsets, backup array and header in the last sectors.
 *
 * @param diskSize the disk's size; empty to end it after the last partition and the backup table
 */
public record GptDisk(UUID diskGuid, List<Partition> partitions, Optional<DiskSize> diskSize) implements ImageWriter {
  private static final int ENTRY_SIZE = 128;
  private static final int ENTRY_COUNT = 128;
  private static final int HEADER_SIZE = 92;
  /** The partition array takes 32 sectors; with the MBR and header, the first 34 are GPT's. */
  private static final long ARRAY_SECTORS = (long) ENTRY_SIZE * ENTRY_COUNT / MasterBootRecord.SECTOR;

  /** One partition; its name is at most 36 UTF-16 code units. */
  public record Partition(UUID type, UUID guid, String name, ImageWriter content) {
    public Partition {
      if (name.length() > 36) {
        throw new IllegalArgumentException("GPT partition names hold 36 characters, '" + name + "' has " + name.length());
      }
    }
  }

  /** A disk that ends after its last partition and the backup table. */
  public GptDisk(UUID diskGuid, List<Partition> partitions) {
    this(diskGuid, partitions, Optional.empty());
  }

  public GptDisk {
    partitions = List.copyOf(partitions);
    if (partitions.size() > ENTRY_COUNT) {
      throw new IllegalArgumentException("this GPT holds " + ENTRY_COUNT + " partitions, not " + partitions.size());
    }
  }

  private List<ImageWriter> contents() {
    return partitions.stream().map(Partition::content).toList();
  }

  private DiskLayout layout() {
    return DiskLayout.of(contents(), 1 + ARRAY_SECTORS, diskSize);
  }

  @Override
  public long size() {
    return layout().bytes();
  }

  @Override
  public void writeTo(ImageSink sink) throws IOException {
    long base = sink.position();
    DiskLayout layout = layout();
    long last = layout.totalSectors() - 1;
    byte[] array = partitionArray(layout);
    sink.write(MasterBootRecord.sector(new byte[0], 0,
        List.of(new MasterBootRecord.Slot(false, 0xEE, 1, last)), 255, 63));
    sink.write(header(1, last, 2, last, array));
    sink.write(array);
    layout.writeContents(sink, base, contents());
    sink.skipTo(base + (last - ARRAY_SECTORS) * MasterBootRecord.SECTOR);
    sink.write(array);
    sink.write(header(last, 1, last - ARRAY_SECTORS, last, array));
  }

  private byte[] partitionArray(DiskLayout layout) {
    ByteFields array = new ByteFields(ENTRY_SIZE * ENTRY_COUNT);
    for (int i = 0; i < partitions.size(); i++) {
      Partition p = partitions.get(i);
      int at = i * ENTRY_SIZE;
      long first = layout.firstLbas().get(i);
      array.bytes(at, Guids.gptBytes(p.type())).bytes(at + 16, Guids.gptBytes(p.guid()))
          .le64(at + 32, first).le64(at + 40, first + layout.sectors().get(i) - 1)
          .bytes(at + 56, p.name().getBytes(StandardCharsets.UTF_16LE));
    }
    return array.array();
  }

  /** A GPT header sector; {@code lastLba} is the disk's last sector, where the backup header lives. */
  private byte[] header(long myLba, long alternateLba, long arrayLba, long lastLba, byte[] array) {
    ByteFields h = new ByteFields(MasterBootRecord.SECTOR);
    h.ascii(0, 8, "EFI PART", ' ').le32(8, 0x00010000L).le32(12, HEADER_SIZE)
        .le64(24, myLba).le64(32, alternateLba)
        .le64(40, 2 + ARRAY_SECTORS).le64(48, lastLba - 1 - ARRAY_SECTORS)
        .bytes(56, Guids.gptBytes(diskGuid)).le64(72, arrayLba)
        .le32(80, ENTRY_COUNT).le32(84, ENTRY_SIZE).le32(88, crc32(array, array.length));
    h.le32(16, crc32(h.array(), HEADER_SIZE));
    return h.array();
  }

  private static long crc32(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return crc.getValue();
  }
}
