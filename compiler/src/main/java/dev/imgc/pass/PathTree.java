package dev.imgc.pass;

import dev.imgc.plan.PlanEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Entries by path as flattening builds them: in {@linkplain TreePaths#TREE_ORDER tree order}, so a
 * directory's contents are one range, keyed by the entries' own paths; and the symlinks among them
 * hashed, since following symlinked parents looks up every parent of every path.
 *
 * <p>Why not every entry hashed, or the ordered keys as plain strings (the paths with '/' turned into
 * NUL), as before: together they were more than a third of a large tree's memory while it was
 * flattened. Hashing only the symlinks keeps the lookups of parents as cheap, and tree order is
 * compared on the paths themselves.
 *
 * <p>Every directory any entry was ever put under is hashed too (directories are a small part of a
 * tree), so that asking what is under a path that never held anything, as flattening does for each
 * file it puts, costs one hash lookup instead of a search of the ordered paths.
 */
final class PathTree {
  private final TreeMap<String, PlanEntry> ordered = new TreeMap<>(TreePaths.TREE_ORDER);
  private final Map<String, PlanEntry> symlinks = new HashMap<>();
  /** Each parent of each path put, whether or not the entries under it are still there. */
  private final Set<String> parents = new HashSet<>();

  PlanEntry get(String path) {
    return ordered.get(path);
  }

  /** The symlink at {@code path}, or null when the entry there (if any) is no symlink. */
  PlanEntry symlink(String path) {
    return symlinks.get(path);
  }

  /** Puts {@code entry} at its path; returns the entry it replaced, or null. */
  PlanEntry put(PlanEntry entry) {
    for (String dir = TreePaths.parent(entry.path()); !dir.isEmpty() && parents.add(dir); dir = TreePaths.parent(dir)) {
      // every parent up to one already there, whose own parents are there too
    }
    PlanEntry earlier = ordered.put(entry.path(), entry);
    if (entry.node() instanceof PlanEntry.Symlink) {
      symlinks.put(entry.path(), entry);
    } else if (earlier != null && earlier.node() instanceof PlanEntry.Symlink) {
      symlinks.remove(entry.path());
    }
    return earlier;
  }

  /** Puts {@code entry} at its path unless one is there; returns the entry that is there, or null. */
  PlanEntry putIfAbsent(PlanEntry entry) {
    PlanEntry there = ordered.get(entry.path());
    if (there == null) {
      put(entry);
    }
    return there;
  }

  void remove(String path) {
    ordered.remove(path);
    symlinks.remove(path);
  }

  /** The entries strictly under {@code dir}, in tree order. */
  List<PlanEntry> inside(String dir) {
    if (!parents.contains(dir)) {
      return List.of(); // what nearly every file put finds: nothing was ever put under it
    }
    String prefix = dir + "/";
    String first = ordered.ceilingKey(prefix);
    if (first == null || !first.startsWith(prefix)) {
      return List.of();
    }
    List<PlanEntry> inside = new ArrayList<>();
    for (Map.Entry<String, PlanEntry> next : ordered.tailMap(first, true).entrySet()) {
      if (!next.getKey().startsWith(prefix)) {
        break;
      }
      inside.add(next.getValue());
    }
    return inside;
  }

  /** Removes the entries strictly under {@code dir} that {@code which} accepts. */
  void removeInside(String dir, Predicate<PlanEntry> which) {
    if (!parents.contains(dir)) {
      return;
    }
    String prefix = dir + "/";
    Iterator<Map.Entry<String, PlanEntry>> inside = ordered.tailMap(prefix, true).entrySet().iterator();
    while (inside.hasNext()) {
      Map.Entry<String, PlanEntry> next = inside.next();
      if (!next.getKey().startsWith(prefix)) {
        break;
      }
      if (which.test(next.getValue())) {
        inside.remove();
        symlinks.remove(next.getKey());
      }
    }
  }

  /** Every entry, in tree order. */
  Collection<PlanEntry> values() {
    return ordered.values();
  }

  int size() {
    return ordered.size();
  }
}
