package dev.imgc.pass;

import dev.imgc.plan.PlanEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Entries by path as flattening builds them, hashed, in the order they were first put; the symlinks
 * among them hashed apart, since following symlinked parents looks up every parent of every path;
 * and the paths put under each directory, so that what is under a path is found without ordering
 * every path. Only {@link #values} orders them, once, in {@linkplain TreePaths#TREE_ORDER tree order}.
 *
 * <p>Why not a tree map in tree order all along, as before: each put compared the path with a dozen
 * others, and paths share long prefixes, most of all when a layer lists its entries in order (as
 * reproducible tars do), which made putting a path the larger part of flattening. Layers in order
 * leave the entries nearly in order, which the one sort at the end goes through in about one
 * comparison per entry (on the edit of the bench appliance, 9,700 entries, flattening took a third
 * of the CPU time it did). The memory is about the same: a linked hash entry is the size of a tree
 * map's, its table adds 5 to 10 bytes an entry and the paths under each directory one reference.
 */
final class PathTree {
  private static final Comparator<PlanEntry> IN_TREE_ORDER = (a, b) -> TreePaths.TREE_ORDER.compare(a.path(), b.path());

  private final Map<String, PlanEntry> entries = new LinkedHashMap<>();
  private final Map<String, PlanEntry> symlinks = new HashMap<>();
  /**
   * The paths ever put directly under each directory that anything was put under (a path may be
   * named more than once, and no longer be there), the directories among them included.
   */
  private final Map<String, List<String>> children = new HashMap<>();

  PlanEntry get(String path) {
    return entries.get(path);
  }

  /** The symlink at {@code path}, or null when the entry there (if any) is no symlink. */
  PlanEntry symlink(String path) {
    return symlinks.get(path);
  }

  /** Puts {@code entry} at its path; returns the entry it replaced, or null. */
  PlanEntry put(PlanEntry entry) {
    PlanEntry earlier = entries.put(entry.path(), entry);
    if (earlier == null) {
      noteParents(entry.path());
    }
    if (entry.node() instanceof PlanEntry.Symlink) {
      symlinks.put(entry.path(), entry);
    } else if (earlier != null && earlier.node() instanceof PlanEntry.Symlink) {
      symlinks.remove(entry.path());
    }
    return earlier;
  }

  /** Names {@code path} under its parent, and each parent newly known under its own, up to one known before. */
  private void noteParents(String path) {
    for (String child = path, dir = TreePaths.parent(path); !dir.isEmpty(); child = dir, dir = TreePaths.parent(dir)) {
      List<String> under = children.get(dir);
      if (under != null) {
        under.add(child);
        return;
      }
      under = new ArrayList<>(4);
      under.add(child);
      children.put(dir, under);
    }
  }

  /** Puts {@code entry} at its path unless one is there; returns the entry that is there, or null. */
  PlanEntry putIfAbsent(PlanEntry entry) {
    PlanEntry there = entries.get(entry.path());
    if (there == null) {
      put(entry);
    }
    return there;
  }

  void remove(String path) {
    entries.remove(path);
    symlinks.remove(path);
  }

  /** The entries strictly under {@code dir}, in tree order. */
  List<PlanEntry> inside(String dir) {
    if (!children.containsKey(dir)) {
      return List.of(); // what nearly every file put finds: nothing was ever put under it
    }
    List<PlanEntry> inside = under(dir);
    inside.sort(IN_TREE_ORDER);
    return inside;
  }

  /** Removes the entries strictly under {@code dir} that {@code which} accepts. */
  void removeInside(String dir, Predicate<PlanEntry> which) {
    if (!children.containsKey(dir)) {
      return;
    }
    for (PlanEntry entry : under(dir)) {
      if (which.test(entry)) {
        remove(entry.path());
      }
    }
  }

  /** The entries strictly under {@code dir}, in no order. */
  private List<PlanEntry> under(String dir) {
    List<PlanEntry> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(dir));
    while (!pending.isEmpty()) {
      for (String child : children.getOrDefault(pending.pop(), List.of())) {
        if (seen.add(child)) {
          PlanEntry entry = entries.get(child);
          if (entry != null) {
            found.add(entry);
          }
          pending.push(child);
        }
      }
    }
    return found;
  }

  /** Every entry, in tree order. */
  List<PlanEntry> values() {
    List<PlanEntry> ordered = new ArrayList<>(entries.values());
    ordered.sort(IN_TREE_ORDER);
    return ordered;
  }

  int size() {
    return entries.size();
  }
}
