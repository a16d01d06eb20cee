package dev.imgc.inspect;

import java.util.Locale;

/** The kind of a listed entry, printed in lower case. */
public enum EntryType {
  FILE,
  DIR,
  SYMLINK,
  HARDLINK,
  CHAR,
  BLOCK,
  FIFO;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type of a POSIX mode's file-type bits ({@code S_IFMT}), as cpio and tar store them. */
  static EntryType ofModeBits(int mode) {
    return switch (mode & 0170000) {
      case 0040000 -> DIR;
      case 0120000 -> SYMLINK;
      case 0020000 -> CHAR;
      case 0060000 -> BLOCK;
      case 0010000 -> FIFO;
      default -> FILE;
    };
  }
}
