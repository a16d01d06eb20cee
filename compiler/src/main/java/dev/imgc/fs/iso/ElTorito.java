package dev.imgc.fs.iso;

import dev.imgc.fs.block.ByteFields;

/**
 * El Torito: the boot record volume descriptor, the boot catalog, and the boot info table that
 * isolinux expects the ISO writer to fill in its own image.
 */
final class ElTorito {
  static final int PLATFORM_X86 = 0;
  static final int PLATFORM_EFI = 0xEF;
  /** isolinux loads its first 2048 bytes (four 512-byte virtual sectors) and reads the rest itself. */
  static final int BIOS_LOAD_SECTORS = 4;

  private ElTorito() {}

  /** The boot record volume descriptor pointing at the catalog. */
  static byte[] bootRecord(long catalogLba) {
    return new ByteFields(IsoImage.BLOCK).u8(0, 0).ascii(1, 5, "CD001", ' ').u8(6, 1)
        .ascii(7, 32, "EL TORITO SPECIFICATION", '\0').le32(0x47, catalogLba).array();
  }

  /** A boot target: platform, LBA of the image and how many 512-byte sectors to load. */
  record Target(int platform, long lba, int loadSectors) {}

  /** The catalog: validation entry and default entry for the first target, a final section for a second. */
  static byte[] catalog(Target first, Target second) {
    ByteFields c = new ByteFields(IsoImage.BLOCK);
    c.u8(0, 1).u8(1, first.platform()).ascii(4, 24, "IMGC", '\0').u8(30, 0x55).u8(31, 0xAA);
    int sum = 0;
    for (int i = 0; i < 32; i += 2) {
      sum += c.readLe16(i);
    }
    c.le16(28, -sum & 0xffff);
    bootEntry(c, 32, first);
    if (second != null) {
      c.u8(64, 0x91).u8(65, second.platform()).le16(66, 1);
      bootEntry(c, 96, second);
    }
    return c.array();
  }

  private static void bootEntry(ByteFields c, int at, Target target) {
    c.u8(at, 0x88).u8(at + 1, 0).le16(at + 2, 0).u8(at + 4, 0).le16(at + 6, target.loadSectors()).le32(at + 8, target.lba());
  }

  /**
   * Fills the boot info table at offset 8 of a boot image: the primary volume descriptor's LBA, the
   * image's LBA and length, and the sum of its 32-bit words from offset 64 on.
   */
  static void patchBootInfoTable(byte[] image, long imageLba) {
    long sum = 0;
    for (int i = 64; i < image.length; i += 4) {
      for (int b = 0; b < 4 && i + b < image.length; b++) {
        sum += (long) (image[i + b] & 0xff) << (8 * b);
      }
    }
    ByteFields table = new ByteFields(56);
    table.le32(0, IsoImage.PVD_LBA).le32(4, imageLba).le32(8, image.length).le32(12, sum & 0xffffffffL);
    System.arraycopy(table.array(), 0, image, 8, 56);
  }
}
