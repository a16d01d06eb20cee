package dev.imgc.inspect;

import java.util.List;

/**
 * One part of an artifact: an archive, a filesystem, a partition table, a boot catalog.
 *
 * @param title what the part is, such as {@code cpio (gzip)} or {@code partition 1 (EFI System, FAT32)}
 * @param rows facts in the order the artifact holds them
 * @param entries files, sorted by path
 */
public record Part(String title, List<Row> rows, List<ListedEntry> entries) {
  public Part {
    rows = List.copyOf(rows);
    entries = List.copyOf(entries);
  }
}
