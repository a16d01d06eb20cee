package dev.imgc.fs.part;

import dev.imgc.fs.block.ByteFields;
import dev.imgc.fs.block.ImageSink;
import dev.imgc.fs.block.ImageWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A one-partition MBR disk behind the 2 MiB header Kata Containers' osbuilder puts in front of a
 * rootfs image, so that a hypervisor can hand the file to the guest either as a disk or as an NVDIMM
 * whose root the kernel maps with DAX (no page cache copy of the root). The layout, from osbuilder's
 * {@code image_builder.sh} and Linux's {@code drivers/nvdimm/pfn.h}:
 *
 * <ul>
 *   <li>at 0, MBR #1: one partition from 3 MiB, what a disk reader sees;
 *   <li>at 4 KiB, the NVDIMM "pfn" info block ({@code struct nd_pfn_sb}), which the kernel's nvdimm
 *       driver reads at 4 KiB into a namespace: signature {@code NVDIMM_PFN_INFO}, mode "RAM", data
 *       offset 2 MiB, alignment 2 MiB (DAX's huge pages), minor version 2, a Fletcher-64 checksum;
 *   <li>at 2 MiB, where the NVDIMM's data (the guest's {@code /dev/pmem0}) begins, MBR #2: the same
 *       partition, 1 MiB into that device;
 *   <li>at 3 MiB, the partition's filesystem.
 * </ul>
 *
 * The disk is padded (with a hole) to a multiple of 128 MiB, as osbuilder pads it: memory is
 * hot-plugged in such blocks, and the NVDIMM is memory to the guest.
 *
 * @param partitionType the MBR type of the partition (0x83 for Linux)
 */
public record DaxDisk(int diskSignature, int partitionType, ImageWriter filesystem) implements ImageWriter {
  private static final long MIB = 1 << 20;
  /** The header in front of the NVDIMM's data: MBR #1 and the info block. */
  static final long HEADER = 2 * MIB;
  /** Where the nvdimm driver reads the info block, in the namespace. */
  static final int INFO_BLOCK = 4096;
  /** The size of the info block, whose last 8 bytes are its checksum. */
  static final int INFO_SIZE = 4096;
  private static final long ALIGNMENT = 128 * MIB;
  private static final int PFN_MODE_RAM = 1;

  @Override
  public long size() {
    long end = HEADER + DiskLayout.FIRST_LBA * MasterBootRecord.SECTOR + sectors() * MasterBootRecord.SECTOR;
    return (end + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  private long sectors() {
    return (filesystem.size() + MasterBootRecord.SECTOR - 1) / MasterBootRecord.SECTOR;
  }

  @Override
  public void writeTo(ImageSink sink) throws IOException {
    long base = sink.position();
    long headerSectors = HEADER / MasterBootRecord.SECTOR;
    sink.write(mbr(headerSectors + DiskLayout.FIRST_LBA));
    sink.skipTo(base + INFO_BLOCK);
    sink.write(infoBlock());
    sink.skipTo(base + HEADER);
    sink.write(mbr(DiskLayout.FIRST_LBA));
    sink.skipTo(base + HEADER + DiskLayout.FIRST_LBA * MasterBootRecord.SECTOR);
    filesystem.writeTo(sink);
    sink.skipTo(base + size());
  }

  private byte[] mbr(long firstLba) {
    return MasterBootRecord.sector(new byte[0], diskSignature & 0xffffffffL,
        List.of(new MasterBootRecord.Slot(false, partitionType, firstLba, sectors())), 255, 63);
  }

  /** {@code struct nd_pfn_sb}: the data 2 MiB into the namespace, mapped in 2 MiB pages, its memory map in RAM. */
  static byte[] infoBlock() {
    ByteFields block = new ByteFields(INFO_SIZE)
        .bytes(0, "NVDIMM_PFN_INFO\0".getBytes(StandardCharsets.US_ASCII))
        .le16(54, 2) // version_minor: the fields up to align are set
        .le64(56, HEADER) // dataoff
        .le32(72, PFN_MODE_RAM) // mode
        .le32(84, HEADER); // align
    return block.le64(INFO_SIZE - 8, fletcher64(block.array())).array();
  }

  /**
   * The nvdimm driver's checksum of an info block: Fletcher's over little-endian 32-bit words, the
   * running sum in the low half and the sum of sums in the high half (the checksum field zero).
   */
  static long fletcher64(byte[] bytes) {
    long lo = 0;
    long hi = 0;
    for (int i = 0; i + 4 <= bytes.length; i += 4) {
      long word = (bytes[i] & 0xffL) | (bytes[i + 1] & 0xffL) << 8 | (bytes[i + 2] & 0xffL) << 16 | (bytes[i + 3] & 0xffL) << 24;
      lo = (lo + word) & 0xffffffffL;
      hi += lo;
    }
    return hi << 32 | lo;
  }
}
