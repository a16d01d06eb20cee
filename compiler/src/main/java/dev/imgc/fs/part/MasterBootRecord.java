package dev.imgc.fs.part;

import dev.imgc.fs.block.ByteFields;
import java.util.List;

/**
 * The 512-byte master boot record: boot code, disk signature, four partition slots, 0x55AA. Shared
 * by MBR disks, GPT's protective MBR and hybrid ISOs.
 */
public final class MasterBootRecord {
  public static final int SECTOR = 512;
  /** Boot code fills the bytes before the disk signature. */
  public static final int BOOT_CODE_MAX = 440;
  private static final int TABLE = 446;

  private MasterBootRecord() {}

  /** One partition slot, in 512-byte sectors. */
  public record Slot(boolean bootable, int type, long firstLba, long sectors) {}

  /**
   * The MBR sector. CHS fields are computed for the given geometry and saturate at cylinder 1023 as
   * usual; readers use the LBA fields.
   */
  public static byte[] sector(byte[] bootCode, long diskSignature, List<Slot> slots, int heads, int sectorsPerTrack) {
    if (bootCode.length > BOOT_CODE_MAX) {
      throw new IllegalArgumentException("MBR boot code is " + bootCode.length + " bytes; at most 440 fit");
    }
    if (slots.size() > 4) {
      throw new IllegalArgumentException("an MBR holds 4 partitions, not " + slots.size());
    }
    ByteFields mbr = new ByteFields(SECTOR).bytes(0, bootCode).le32(440, diskSignature);
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      int at = TABLE + 16 * i;
      long last = slot.firstLba() + slot.sectors() - 1;
      mbr.u8(at, slot.bootable() ? 0x80 : 0)
          .bytes(at + 1, chs(slot.firstLba(), heads, sectorsPerTrack))
          .u8(at + 4, slot.type())
          .bytes(at + 5, chs(last, heads, sectorsPerTrack))
          .le32(at + 8, slot.firstLba())
          .le32(at + 12, Math.min(slot.sectors(), 0xFFFFFFFFL));
    }
    return mbr.u8(510, 0x55).u8(511, 0xAA).array();
  }

  private static byte[] chs(long lba, int heads, int sectorsPerTrack) {
    long cylinder = lba / ((long) heads * sectorsPerTrack);
    if (cylinder > 1023) {
      return new byte[] {(byte) (heads - 1), (byte) (sectorsPerTrack | 0xC0), (byte) 0xFF};
    }
    int head = (int) (lba / sectorsPerTrack % heads);
    int sector = (int) (lba % sectorsPerTrack + 1);
    return new byte[] {(byte) head, (byte) (sector | (cylinder >> 2) & 0xC0), (byte) cylinder};
  }
}
