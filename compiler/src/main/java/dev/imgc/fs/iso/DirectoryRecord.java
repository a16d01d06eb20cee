package dev.imgc.fs.iso;

import dev.imgc.fs.block.ByteFields;

/** ECMA-119 9.1: a directory record, with its System Use field (Rock Ridge) at the end. */
final class DirectoryRecord {
  static final int FLAG_DIRECTORY = 0x02;
  /** Set on every record of a multi-extent file but its last. */
  static final int FLAG_MULTI_EXTENT = 0x80;
  static final int MAX_LENGTH = 255;
  private static final int FIXED = 33;

  private DirectoryRecord() {}

  /** The record's length: fixed part, identifier, the pad that puts System Use on an even offset, then an even total. */
  static int length(int idLength, int systemUseLength) {
    int length = FIXED + idLength + (idLength % 2 == 0 ? 1 : 0) + systemUseLength;
    return length + (length % 2);
  }

  static byte[] encode(byte[] id, long lba, long size, long seconds, int flags, byte[] systemUse) {
    int length = length(id.length, systemUse.length);
    if (length > MAX_LENGTH) {
      throw new IllegalStateException("directory record of " + length + " bytes");
    }
    return new ByteFields(length).u8(0, length).both32(2, lba).both32(10, size)
        .bytes(18, IsoTime.recordDate(seconds)).u8(25, flags).both16(28, 1).u8(32, id.length)
        .bytes(33, id).bytes(FIXED + id.length + (id.length % 2 == 0 ? 1 : 0), systemUse).array();
  }
}
