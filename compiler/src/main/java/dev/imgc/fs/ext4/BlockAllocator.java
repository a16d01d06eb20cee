package dev.imgc.fs.ext4;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands out blocks front to back, stepping over the fixed metadata, so every block below the
 * high-water mark is in use and the image can be written in one forward pass in allocation order.
 */
final class BlockAllocator {
  /** The filesystem is full; the layout tries a larger size, or says the contents do not fit. */
  static final class FullException extends Exception {
    FullException() {
      super(null, null, false, false);
    }
  }

  private final long blocks;
  private final List<Geometry.Run> metadata;
  private int nextRun;
  private long next;

  BlockAllocator(Geometry geometry) {
    this.blocks = geometry.blocks();
    this.metadata = geometry.metadataRuns();
  }

  /** Blocks in use so far: everything below this is allocated or fixed metadata. */
  long highWaterMark() {
    return next;
  }

  /** One block. */
  long allocate() throws FullException {
    return allocate(0, 1).get(0).physical();
  }

  /** {@code count} blocks for logical blocks {@code logical}…, as extents (split at metadata and at the extent limit). */
  List<Extent> allocate(long logical, long count) throws FullException {
    List<Extent> extents = new ArrayList<>();
    long left = count;
    while (left > 0) {
      skipMetadata();
      long limit = nextRun < metadata.size() ? metadata.get(nextRun).start() : blocks;
      long length = Math.min(Math.min(left, limit - next), Extent.MAX_LENGTH);
      if (length <= 0) {
        throw new FullException();
      }
      extents.add(new Extent(logical + count - left, next, (int) length));
      next += length;
      left -= length;
    }
    return extents;
  }

  private void skipMetadata() {
    while (nextRun < metadata.size() && metadata.get(nextRun).start() <= next) {
      next = Math.max(next, metadata.get(nextRun).end());
      nextRun++;
    }
  }
}
