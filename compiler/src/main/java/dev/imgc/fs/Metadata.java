package dev.imgc.fs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ownership, permissions, time and extended attributes of an {@link Entry}.
 *
 * @param mode permission bits only (including setuid, setgid and sticky: {@code 07777}); the file
 *     type comes from the entry's kind
 * @param mtimeSeconds modification time in seconds since the epoch (clamped by the plan when
 *     {@code SOURCE_DATE_EPOCH} is set)
 * @param xattrs the extended attributes, sorted by name, each name once; writers of formats without
 *     them (cpio, FAT, ISO 9660) leave them out
 */
public record Metadata(int mode, int uid, int gid, long mtimeSeconds, List<Xattr> xattrs) {
  public Metadata {
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode holds more than permission bits: " + Integer.toOctalString(mode));
    }
    List<Xattr> sorted = new ArrayList<>(xattrs);
    sorted.sort(Comparator.comparing(Xattr::name));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
        throw new IllegalArgumentException("the extended attribute " + sorted.get(i).name() + " is given twice");
      }
    }
    xattrs = List.copyOf(sorted);
  }

  /** Metadata without extended attributes. */
  public Metadata(int mode, int uid, int gid, long mtimeSeconds) {
    this(mode, uid, gid, mtimeSeconds, List.of());
  }

  public Metadata withMtimeSeconds(long changed) {
    return new Metadata(mode, uid, gid, changed, xattrs);
  }

  public Metadata withXattrs(List<Xattr> changed) {
    return new Metadata(mode, uid, gid, mtimeSeconds, changed);
  }
}
