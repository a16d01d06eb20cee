package dev.imgc.fs.iso;

import dev.imgc.fs.block.ByteFields;

/** ECMA-119 8: the volume descriptors from block 16 on (El Torito's boot record is in {@link ElTorito}). */
final class VolumeDescriptors {
  private static final byte[] SELF = {0};

  private VolumeDescriptors() {}

  /**
   * The primary volume descriptor, or Joliet's supplementary one: the same fields, each with its own
   * root directory and path tables, text in UCS-2 big-endian and the escape sequence of UCS-2 level 3.
   */
  static byte[] volume(boolean ucs2, String volumeId, long seconds, long totalBlocks, long rootLba, long rootSize,
      long pathTableLba, int pathTableBytes) {
    byte[] rootRecord = DirectoryRecord.encode(SELF, rootLba, rootSize, seconds, DirectoryRecord.FLAG_DIRECTORY, new byte[0]);
    long pathTableBlocks = (pathTableBytes + IsoImage.BLOCK - 1) / IsoImage.BLOCK;
    String date = IsoTime.volumeDate(seconds);
    ByteFields d = new ByteFields(IsoImage.BLOCK).u8(0, ucs2 ? 2 : 1).ascii(1, 5, "CD001", ' ').u8(6, 1);
    text(d, 8, 32, "LINUX", ucs2);
    text(d, 40, 32, volumeId, ucs2);
    if (ucs2) {
      d.ascii(88, 3, "%/E", ' ');
    }
    d.both32(80, totalBlocks).both16(120, 1).both16(124, 1).both16(128, IsoImage.BLOCK)
        .both32(132, pathTableBytes).le32(140, pathTableLba).be32(148, pathTableLba + pathTableBlocks)
        .bytes(156, rootRecord);
    text(d, 190, 128, "", ucs2);
    text(d, 318, 128, "", ucs2);
    text(d, 446, 128, "", ucs2);
    text(d, 574, 128, "IMGC", ucs2);
    text(d, 702, 37, "", ucs2);
    text(d, 739, 37, "", ucs2);
    text(d, 776, 37, "", ucs2);
    return d.ascii(813, 16, date, '0').ascii(830, 16, date, '0').ascii(847, 16, "", '0').ascii(864, 16, "", '0')
        .u8(881, 1).array();
  }

  static byte[] terminator() {
    return new ByteFields(IsoImage.BLOCK).u8(0, 255).ascii(1, 5, "CD001", ' ').u8(6, 1).array();
  }

  /** A text field padded with spaces: ASCII, or UCS-2 big-endian (an odd last byte stays 0). */
  private static void text(ByteFields d, int offset, int length, String value, boolean ucs2) {
    if (!ucs2) {
      d.ascii(offset, length, value, ' ');
      return;
    }
    for (int i = 0; i + 1 < length; i += 2) {
      d.be16(offset + i, i / 2 < value.length() ? value.charAt(i / 2) : ' ');
    }
  }
}
