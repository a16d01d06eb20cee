package dev.imgc.fs.erofs;

import dev.imgc.fs.Xattr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared xattr area ({@code xattr_blkaddr} in the superblock): attributes that many inodes carry
 * (the same name and value on more than two, as {@code mkfs.erofs}'s default tolerance shares them),
 * stored once, one entry after another in the inline form, each 4-byte aligned; an inode names each by
 * its id, its offset in the area in 4-byte units, instead of holding it. Ids follow the order in which
 * the inodes first carry the attributes, so the area depends on the entries only.
 */
final class SharedXattrs {
  /** Shared when more than this many inodes carry one attribute. */
  private static final int TOLERANCE = 2;

  private final Map<Xattr, Integer> ids;
  private final byte[] area;

  private SharedXattrs(Map<Xattr, Integer> ids, byte[] area) {
    this.ids = ids;
    this.area = area;
  }

  /** The area for inodes carrying {@code perInode} (one list per inode, in inode order). */
  static SharedXattrs of(List<List<Xattr>> perInode) {
    Map<Xattr, Integer> counts = new LinkedHashMap<>();
    perInode.forEach(xattrs -> xattrs.stream().filter(InlineXattrs::storable)
        .forEach(xattr -> counts.merge(xattr, 1, Integer::sum)));
    Map<Xattr, Integer> ids = new HashMap<>();
    int size = 0;
    for (Map.Entry<Xattr, Integer> count : counts.entrySet()) {
      if (count.getValue() > TOLERANCE) {
        ids.put(count.getKey(), size / 4);
        size += InlineXattrs.entrySize(count.getKey());
      }
    }
    ByteBuffer area = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    for (Map.Entry<Xattr, Integer> count : counts.entrySet()) {
      if (count.getValue() > TOLERANCE) {
        InlineXattrs.putEntry(area.position(ids.get(count.getKey()) * 4), count.getKey(), "the shared xattrs");
      }
    }
    return new SharedXattrs(ids, area.array());
  }

  /** The id of {@code xattr} in the area, or -1 when an inode keeps it inline. */
  int id(Xattr xattr) {
    return ids.getOrDefault(xattr, -1);
  }

  /** The area's bytes, empty when nothing is shared. */
  byte[] area() {
    return area;
  }

  /** The blocks of {@code blockSize} bytes the area takes. */
  long blocks(int blockSize) {
    return (area.length + blockSize - 1) / blockSize;
  }
}
