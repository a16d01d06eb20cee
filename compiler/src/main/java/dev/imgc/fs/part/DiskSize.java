package dev.imgc.fs.part;

import java.util.Locale;

/**
 * The size asked of a disk, a whole number of MiB: the partitions keep their sizes and the rest of
 * the disk is empty (holes in the file; unallocated in a qcow2, VHD or VMDK). A disk always ends on a
 * 1 MiB boundary, which Azure asks of a VHD and every hypervisor accepts.
 */
public record DiskSize(long bytes) {
  static final long MIB = 1 << 20;

  public DiskSize {
    if (bytes <= 0 || bytes % MIB != 0) {
      throw new IllegalArgumentException("a disk size is a positive whole number of MiB, not " + bytes + " bytes");
    }
  }

  /**
   * A size written as a number with an optional unit: {@code M} (MiB, the default), {@code G} (GiB) or
   * {@code T} (TiB), as in {@code 512M}, {@code 2G}, {@code 1024}.
   */
  public static DiskSize parse(String text) {
    String value = text.strip().toUpperCase(Locale.ROOT);
    long unit = MIB;
    if (value.endsWith("IB")) {
      value = value.substring(0, value.length() - 2);
    } else if (value.endsWith("B")) {
      value = value.substring(0, value.length() - 1);
    }
    if (value.endsWith("M")) {
      value = value.substring(0, value.length() - 1);
    } else if (value.endsWith("G")) {
      unit = MIB << 10;
      value = value.substring(0, value.length() - 1);
    } else if (value.endsWith("T")) {
      unit = MIB << 20;
      value = value.substring(0, value.length() - 1);
    }
    try {
      long number = Long.parseLong(value);
      if (number <= 0 || number > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return new DiskSize(number * unit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a disk size; write a whole number of MiB, GiB or TiB "
          + "such as 512M, 2G or 1T");
    }
  }

  long sectors() {
    return bytes / MasterBootRecord.SECTOR;
  }

  @Override
  public String toString() {
    return bytes % (MIB << 10) == 0 ? bytes / (MIB << 10) + "G" : bytes / MIB + "M";
  }
}
