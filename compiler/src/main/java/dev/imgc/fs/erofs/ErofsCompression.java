package dev.imgc.fs.erofs;

/**
 * How an erofs image keeps regular files' data: as it is, or lz4-compressed in 4 KiB physical
 * clusters (any kernel with {@code CONFIG_EROFS_FS_ZIP}, 5.4 on, reads those).
 */
public enum ErofsCompression {
  NONE,
  LZ4
}
