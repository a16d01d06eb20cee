package dev.imgc.inspect;

import java.util.List;

/**
 * One part of an artifact: an archive, a filesystem, a partition table, a boot catalog.
 *
 * @param title what the part is, such as {@code cpio (gzip)} or {@code partition 1 (EFI System, FAT32)}
 * @param location where the part lies in the artifact, empty for the artifact itself: a partition
 *     ({@code partition-1}), an El Torito boot image ({@code el-torito-2}), an OCI layer's blob, or
 *     a file holding a nested artifact ({@code boot/initrd.img}, {@code boot/efi.img!/initrd.img});
 *     its entries are at {@code LOCATION!/PATH}
 * @param rows facts in the order the artifact holds them
 * @param entries files, sorted by path, relative to the part's root
 */
public record Part(String title, String location, List<Row> rows, List<ListedEntry> entries) {
  /** What separates a location from a path inside it: {@code boot/initrd.img!/etc/motd}. */
  public static final String INSIDE = "!/";

  public Part {
    rows = List.copyOf(rows);
    entries = List.copyOf(entries);
  }

  /** A part of the artifact itself (no location). */
  public Part(String title, List<Row> rows, List<ListedEntry> entries) {
    this(title, "", rows, entries);
  }

  /** Where {@code path} of this part lies in the artifact: the path itself, or {@code LOCATION!/path}. */
  public String locate(String path) {
    return location.isEmpty() ? path : location + INSIDE + path;
  }
}
