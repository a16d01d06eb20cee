package dev.imgc.fs.ext4;

/**
 * A run of a file's blocks: {@code length} blocks from logical block {@code logical} stored from
 * physical block {@code physical}. An ext4 extent maps at most {@link #MAX_LENGTH} blocks.
 */
record Extent(long logical, long physical, int length) {
  static final int MAX_LENGTH = 32768;
}
