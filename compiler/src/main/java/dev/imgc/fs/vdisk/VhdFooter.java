package dev.imgc.fs.vdisk;

import dev.imgc.fs.block.ByteFields;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The 512-byte footer every VHD ends with (and a dynamic one also starts with), as Microsoft's
 * "Virtual Hard Disk Image Format Specification" lays it out: big-endian fields, a CHS geometry
 * computed as the specification's appendix does, and a checksum.
 *
 * @param dataOffset where a dynamic disk's header is; none ({@code -1}) for a fixed disk
 * @param createdSeconds the creation time in seconds since the Unix epoch
 */
record VhdFooter(long size, boolean dynamic, long dataOffset, UUID uniqueId, long createdSeconds) {
  static final int SIZE = 512;
  /** Seconds from the Unix epoch to 2000-01-01T00:00:00Z, where VHD times count from. */
  private static final long VHD_EPOCH = 946_684_800L;

  byte[] bytes() {
    ByteBuffer id = ByteBuffer.allocate(16).putLong(uniqueId.getMostSignificantBits())
        .putLong(uniqueId.getLeastSignificantBits());
    ByteFields footer = new ByteFields(SIZE)
        .ascii(0, 8, "conectix", ' ')
        .be32(8, 2)
        .be32(12, 0x00010000)
        .be64(16, dataOffset)
        .be32(24, Math.max(0, Math.min(0xFFFFFFFFL, createdSeconds - VHD_EPOCH)))
        // QEMU takes a disk's size from its CHS geometry, which rounds it down, unless the creator is
        // one known to mean the size field; "qem2" is what qemu-img writes then (force_size), and
        // what LinuxKit's images carry. Hyper-V and Azure read the size field in any case.
        .ascii(28, 4, "qem2", ' ')
        .be32(32, 0x00010000)
        .ascii(36, 4, "Wi2k", ' ')
        .be64(40, size)
        .be64(48, size)
        .be32(56, geometry(size / 512))
        .be32(60, dynamic ? 3 : 2)
        .bytes(68, id.array());
    footer.be32(64, checksum(footer.array()));
    return footer.array();
  }

  /** The ones' complement of the sum of the bytes, with the checksum field zero (as it is here). */
  static long checksum(byte[] bytes) {
    long sum = 0;
    for (byte b : bytes) {
      sum += b & 0xFF;
    }
    return ~sum & 0xFFFFFFFFL;
  }

  /** Cylinders (16 bits), heads and sectors per track (8 bits each), from the specification's algorithm. */
  static long geometry(long totalSectors) {
    long sectors = Math.min(totalSectors, 65535L * 16 * 255);
    long perTrack;
    long heads;
    long cylinderTimesHeads;
    if (sectors >= 65535L * 16 * 63) {
      perTrack = 255;
      heads = 16;
      cylinderTimesHeads = sectors / perTrack;
    } else {
      perTrack = 17;
      cylinderTimesHeads = sectors / perTrack;
      heads = Math.max(4, (cylinderTimesHeads + 1023) / 1024);
      if (cylinderTimesHeads >= heads * 1024 || heads > 16) {
        perTrack = 31;
        heads = 16;
        cylinderTimesHeads = sectors / perTrack;
      }
      if (cylinderTimesHeads >= heads * 1024) {
        perTrack = 63;
        heads = 16;
        cylinderTimesHeads = sectors / perTrack;
      }
    }
    return (cylinderTimesHeads / heads) << 16 | heads << 8 | perTrack;
  }
}
