package dev.imgc.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects a part's entries in archive order and lists them sorted by path.
 *
 * <p>Names of one file (hard links) are listed the same way whatever the format recorded: the name
 * that sorts first is the file, with the content, and every other name is a {@code hardlink} to it.
 * cpio puts the data on the last name, tar on the first, ISO 9660 shares an extent, so without
 * this two equal trees in different formats would list differently. A hard link to a file the
 * archive does not hold (a layer's link into a lower layer) is listed as recorded.
 *
 * <p>A part may gather several archives ({@link #endArchive}), as an initrd's concatenated cpio
 * archives make one tree: names are matched to one file within an archive, and a path an archive
 * lists again replaces what the earlier ones listed there, as the kernel's unpacker replaces it.
 */
final class PartBuilder {
  private final String title;
  private final String location;
  private final Budget budget;
  private final List<Row> rows = new ArrayList<>();
  private final List<ListedEntry> entries = new ArrayList<>();
  private final Map<Object, List<ListedEntry>> linkGroups = new LinkedHashMap<>();
  /** Where the entries of the archive being read start: earlier ones are {@linkplain #endArchive ended}. */
  private int archiveStart;

  PartBuilder(String title, String location, Budget budget) {
    this.title = title;
    this.location = location;
    this.budget = budget;
  }

  void row(Row row) {
    rows.add(row);
  }

  void add(ListedEntry entry) throws BoundException {
    budget.entry();
    entries.add(entry);
  }

  /**
   * Adds a name of a file that may have other names: every entry added with an equal {@code inode}
   * is a name of the same file. The entry holding the content is the one with the largest size
   * (the others may have been recorded as empty).
   */
  void addName(ListedEntry entry, Object inode) throws BoundException {
    budget.entry();
    linkGroups.computeIfAbsent(inode, key -> new ArrayList<>()).add(entry);
  }

  /**
   * Ends one archive of the part: its names of one file are matched now, since another archive's inode
   * numbers are its own, and a path it listed again replaces the earlier entry.
   */
  void endArchive() {
    List<ListedEntry> archive = new ArrayList<>(entries.subList(archiveStart, entries.size()));
    entries.subList(archiveStart, entries.size()).clear();
    archive.addAll(names());
    linkGroups.clear();
    Set<String> paths = new HashSet<>();
    archive.forEach(entry -> paths.add(entry.path()));
    entries.removeIf(earlier -> paths.contains(earlier.path()));
    entries.addAll(archive);
    archiveStart = entries.size();
  }

  Part build() {
    List<ListedEntry> all = new ArrayList<>(entries);
    all.addAll(names());
    all.sort(Comparator.comparing(ListedEntry::path));
    return new Part(title, location, rows, all);
  }

  /** Every name added by {@link #addName}, each group of names of one file resolved as the class says. */
  private List<ListedEntry> names() {
    List<ListedEntry> all = new ArrayList<>();
    for (List<ListedEntry> names : linkGroups.values()) {
      ListedEntry holder = names.stream().filter(e -> e.sha256() != null)
          .max(Comparator.comparingLong(ListedEntry::size)).orElse(null);
      if (holder == null) {
        all.addAll(names); // links to a file outside the archive (a lower layer's): listed as recorded
        continue;
      }
      List<ListedEntry> sorted = names.stream().sorted(Comparator.comparing(ListedEntry::path)).toList();
      String first = sorted.get(0).path();
      all.add(sorted.get(0).withContentOf(holder));
      sorted.stream().skip(1).map(e -> e.asHardLinkTo(first)).forEach(all::add);
    }
    return all;
  }
}
