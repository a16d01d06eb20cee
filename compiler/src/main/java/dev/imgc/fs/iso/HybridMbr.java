package dev.imgc.fs.iso;

import dev.imgc.fs.block.ByteFields;
import dev.imgc.fs.part.MasterBootRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The MBR of a hybrid ISO, as isohybrid lays it out: the 432 bytes of isohdpfx code, then the BIOS
 * boot image's LBA in 512-byte sectors (which that code loads), the disk signature, and partitions.
 *
 * <p>Without an EFI image, partition 1 (type 0x17, active) spans the image, as isohybrid does. With
 * one, partition 1 (type 0x00, active) still spans the image and partition 2 (type 0xEF) covers the
 * FAT image, as Debian's installer ISOs do: EFI firmware finds the ESP in slot 2 and ignores the
 * empty-typed slot 1 when it checks partitions for overlap.
 */
final class HybridMbr {
  static final int CODE_LENGTH = 432;
  /** isohybrid's geometry: 64 heads, 32 sectors per track, so a cylinder is 1 MiB. */
  private static final int HEADS = 64;
  private static final int SECTORS_PER_TRACK = 32;
  static final long CYLINDER_BLOCKS = HEADS * SECTORS_PER_TRACK * 512L / IsoImage.BLOCK;
  private static final int PER_BLOCK = IsoImage.BLOCK / MasterBootRecord.SECTOR;

  private HybridMbr() {}

  static byte[] sector(IsoOptions.Hybrid hybrid, long biosLba, long efiLba, long efiBytes, long totalBlocks) {
    byte[] code = new byte[0];
    if (hybrid.mbrCode().length > 0) {
      code = new ByteFields(CODE_LENGTH + 8).bytes(0, hybrid.mbrCode()).le32(CODE_LENGTH, biosLba * PER_BLOCK).array();
    }
    List<MasterBootRecord.Slot> slots = new ArrayList<>();
    boolean efi = efiLba >= 0;
    slots.add(new MasterBootRecord.Slot(code.length > 0, efi ? 0x00 : 0x17, 0, totalBlocks * PER_BLOCK));
    if (efi) {
      slots.add(new MasterBootRecord.Slot(false, 0xEF, efiLba * PER_BLOCK, (efiBytes + 511) / 512));
    }
    return MasterBootRecord.sector(code, hybrid.diskId() & 0xffffffffL, slots, HEADS, SECTORS_PER_TRACK);
  }
}
