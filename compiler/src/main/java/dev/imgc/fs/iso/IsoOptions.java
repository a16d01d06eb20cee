package dev.imgc.fs.iso;

/**
 * What the caller decides about an ISO image; nothing here comes from a clock or a random source.
 *
 * @param volumeId volume identifier, up to 32 of A-Z, 0-9 and _ (the label Linux shows)
 * @param timeSeconds the volume's creation and modification time, and the root directory's time
 * @param biosBootPath path of the entry to boot with BIOS, no emulation (isolinux.bin), or null;
 *     its boot info table is filled in
 * @param efiBootPath path of the entry holding the EFI system partition's FAT image, or null
 * @param hybrid how to make the image also boot from a disk, or null for a plain ISO
 * @param joliet whether to add a Joliet hierarchy (UCS-2 names for Windows) beside Rock Ridge
 */
public record IsoOptions(String volumeId, long timeSeconds, String biosBootPath, String efiBootPath, Hybrid hybrid,
    boolean joliet) {
  /**
   * A hybrid image: an MBR in the first sector so the ISO, written to a disk, boots from it too.
   *
   * @param mbrCode 432 bytes of MBR code that loads the BIOS boot image ({@code isohdpfx.bin}), or an
   *     empty array when only EFI is to boot from the disk
   * @param diskId the disk signature, derived by the caller
   */
  public record Hybrid(byte[] mbrCode, int diskId) {}

  public static IsoOptions plain(String volumeId, long timeSeconds) {
    return new IsoOptions(volumeId, timeSeconds, null, null, null, false);
  }

  public IsoOptions withBiosBoot(String path) {
    return new IsoOptions(volumeId, timeSeconds, path, efiBootPath, hybrid, joliet);
  }

  public IsoOptions withEfiBoot(String path) {
    return new IsoOptions(volumeId, timeSeconds, biosBootPath, path, hybrid, joliet);
  }

  public IsoOptions withHybrid(byte[] mbrCode, int diskId) {
    return new IsoOptions(volumeId, timeSeconds, biosBootPath, efiBootPath, new Hybrid(mbrCode, diskId), joliet);
  }

  public IsoOptions withJoliet() {
    return new IsoOptions(volumeId, timeSeconds, biosBootPath, efiBootPath, hybrid, true);
  }
}
