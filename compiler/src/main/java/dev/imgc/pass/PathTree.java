package dev.imgc.pass;

import dev.imgc.plan.PlanEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Entries by path as flattening builds them: in {@linkplain TreePaths#TREE_ORDER tree order}, so a
 * directory's contents are one range, and hashed, since following symlinked parents looks up every
 * parent of every path (a hash lookup, not a walk down the ordered tree comparing long common prefixes).
 */
final class PathTree {
  private final TreeMap<String, PlanEntry> ordered = new TreeMap<>(TreePaths.TREE_ORDER);
  private final Map<String, PlanEntry> byPath = new HashMap<>();

  PlanEntry get(String path) {
    return byPath.get(path);
  }

  /** Puts {@code entry} at its path; returns the entry it replaced, or null. */
  PlanEntry put(PlanEntry entry) {
    byPath.put(entry.path(), entry);
    return ordered.put(entry.path(), entry);
  }

  void putIfAbsent(PlanEntry entry) {
    if (!byPath.containsKey(entry.path())) {
      put(entry);
    }
  }

  void remove(String path) {
    byPath.remove(path);
    ordered.remove(path);
  }

  /** The entries strictly under {@code dir}, in tree order. */
  List<PlanEntry> inside(String dir) {
    String prefix = dir + "/";
    List<PlanEntry> inside = new ArrayList<>();
    for (PlanEntry entry : ordered.tailMap(prefix, true).values()) {
      if (!entry.path().startsWith(prefix)) {
        break;
      }
      inside.add(entry);
    }
    return inside;
  }

  /** Removes the entries strictly under {@code dir} that {@code which} accepts. */
  void removeInside(String dir, Predicate<PlanEntry> which) {
    String prefix = dir + "/";
    Iterator<Map.Entry<String, PlanEntry>> inside = ordered.tailMap(prefix, true).entrySet().iterator();
    while (inside.hasNext()) {
      Map.Entry<String, PlanEntry> next = inside.next();
      if (!next.getKey().startsWith(prefix)) {
        break;
      }
      if (which.test(next.getValue())) {
        inside.remove();
        byPath.remove(next.getKey());
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
