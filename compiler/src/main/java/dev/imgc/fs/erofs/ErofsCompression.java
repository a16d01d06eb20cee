package dev.imgc.fs.erofs;

import java.util.Locale;

/**
 * How an erofs image keeps regular files' data: as it is, or lz4-compressed in 4 KiB physical
 * clusters (any kernel with {@code CONFIG_EROFS_FS_ZIP}, 5.4 on, reads those).
 */
public enum ErofsCompression {
  NONE,
  LZ4;

  /** The name a user writes: {@code none}, {@code lz4}. */
  public String userName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The compression named {@code name}, or an exception whose message lists the names there are. */
  public static ErofsCompression named(String name) {
    for (ErofsCompression compression : values()) {
      if (compression.userName().equals(name)) {
        return compression;
      }
    }
    throw new IllegalArgumentException("unknown erofs compression '" + name + "': use lz4 or none");
  }
}
