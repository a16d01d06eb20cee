package dev.imgc.fs.cpio;

import dev.imgc.fs.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Cuts a tree into the runs of entries an initrd holds as archives of their own, each compressed on
 * its own, so that a build which changes one file rewrites only the run holding it and reuses the
 * others' compressed bytes.
 *
 * <p>Where a run ends depends only on the entries around the cut, never on an offset counted from
 * the start of the tree (content-defined chunking, as rsync and backup tools cut files): after an entry
 * whose path hashes below its share of {@link Sizes#target}, or once a run reaches
 * {@link Sizes#maximum}, never before {@link Sizes#minimum}. An edit therefore moves at most the cuts
 * of its own run and, rarely, the next one; a tree smaller than the minimum is one run, the one
 * archive an initrd always held. Entries a caller sets apart (what a spec writes itself) are runs of
 * their own, whatever their size.
 *
 * <p>Why the kernel unpacks the runs as it unpacked one archive (init/initramfs.c): it takes
 * concatenated archives, compressed or not, one after the other into the same root, and entries stay
 * in tree order, parents first, so every directory a run needs was made by an earlier entry. Paths
 * are never repeated, so no entry overwrites another. Directory times are set once all archives are
 * unpacked, so a file a later run puts in a directory does not change the directory's time. The one
 * thing scoped to an archive is hard links (the kernel forgets inode numbers at each {@code
 * TRAILER!!!}): a run never ends between the first and the last name of a file.
 */
public final class InitrdSegments {
  /**
   * The sizes that shape the runs, counted in cpio bytes (header, name, data) before compression.
   *
   * @param minimum no run ends before it holds this many bytes (but the last)
   * @param target the mean size of a run ended by a path's hash
   * @param maximum a run ends once it holds this many bytes, where a file's names allow
   */
  public record Sizes(long minimum, long target, long maximum) {
    /** What an initrd is cut by: runs of 1-16 MiB, 4 MiB on average, each compressed in well under a second. */
    public static final Sizes DEFAULT = new Sizes(1L << 20, 4L << 20, 16L << 20);

    public Sizes {
      if (minimum < 0 || target <= 0 || maximum < minimum) {
        throw new IllegalArgumentException("segment sizes need 0 <= minimum <= maximum and a positive target");
      }
    }
  }

  /** The fixed part of a newc header, before the name. */
  private static final int HEADER = 110;

  private InitrdSegments() {}

  /**
   * The runs of {@code tree}, in order, together holding every entry once; one empty run for an empty
   * tree. Each run of consecutive entries {@code apart} selects is a run of its own (where a file's
   * names allow): entries that change far more often than those around them (a file the spec itself
   * writes, amid thousands from an image's layers), so that changing one compresses only those few,
   * not the megabytes of a run around them.
   */
  public static <E extends Entry> List<List<E>> split(List<E> tree, Sizes sizes, Predicate<? super E> apart) {
    long total = 0;
    for (E entry : tree) {
      total += weight(entry);
    }
    if (total < sizes.minimum()) {
      return List.of(tree); // a tree this small is compressed again whole in no time: one archive, as ever
    }
    int[] lastName = lastNames(tree);
    List<List<E>> runs = new ArrayList<>();
    int start = 0;
    int open = -1; // the last entry that must share a run with those before it (a file's last name)
    long bytes = 0;
    boolean wasApart = false;
    for (int i = 0; i < tree.size(); i++) {
      E entry = tree.get(i);
      boolean isApart = apart.test(entry);
      if (isApart != wasApart && i > start && open < i) {
        runs.add(tree.subList(start, i));
        start = i;
        bytes = 0;
      }
      wasApart = isApart;
      open = Math.max(open, lastName[i]);
      long weight = weight(entry);
      bytes += weight;
      boolean cut = !isApart && open <= i && bytes >= sizes.minimum()
          && (bytes >= sizes.maximum() || Long.remainderUnsigned(hash(entry.path()), sizes.target()) < weight);
      if (cut && i + 1 < tree.size()) {
        runs.add(tree.subList(start, i + 1));
        start = i + 1;
        bytes = 0;
      }
    }
    runs.add(tree.subList(start, tree.size()));
    return runs;
  }

  /** For each regular file's index, the index of its last name (itself when it has one); -1 elsewhere. */
  private static int[] lastNames(List<? extends Entry> tree) {
    // Only files that hard links name are looked up by path: a map of every file would weigh more
    // than the tree's own entries, and a tree has few links.
    Set<String> linked = new HashSet<>();
    for (Entry entry : tree) {
      if (entry instanceof Entry.HardLink link) {
        linked.add(link.target());
      }
    }
    int[] lastName = new int[tree.size()];
    Map<String, Integer> fileOf = new HashMap<>();
    for (int i = 0; i < tree.size(); i++) {
      Entry entry = tree.get(i);
      lastName[i] = -1;
      if (entry instanceof Entry.RegularFile) {
        lastName[i] = i;
        if (linked.contains(entry.path())) {
          fileOf.put(entry.path(), i);
        }
      } else if (entry instanceof Entry.HardLink link && fileOf.containsKey(link.target())) {
        int file = fileOf.get(link.target());
        fileOf.put(link.path(), file);
        lastName[file] = i;
      }
    }
    return lastName;
  }

  /** About what the entry takes in the archive. */
  private static long weight(Entry entry) {
    long data = entry instanceof Entry.RegularFile file ? file.size() : 0;
    return HEADER + entry.path().length() + data;
  }

  /** 64-bit FNV-1a of the path's UTF-8 bytes, then mixed (MurmurHash3's finaliser) so every bit counts. */
  private static long hash(String path) {
    long h = 0xcbf29ce484222325L;
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
