package dev.imgc.pass;

import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Applies OCI layer semantics to the placed entries: a later entry at a path replaces the earlier
 * one (a directory keeps what is under it only when it is replaced by a directory), a whiteout
 * removes a path and everything under it, an opaque directory hides what was under it. Markers act
 * only on entries of the same section and image ({@code services[2]}), as each image is flattened
 * on its own before LinuxKit places it.
 */
public final class Flatten implements Pass {
  public static final String NAME = "flatten";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BuildPlan apply(BuildPlan plan) {
    TreeMap<String, PlanEntry> tree = new TreeMap<>(TreePaths.TREE_ORDER);
    long whiteouts = 0;
    long opaque = 0;
    long replaced = 0;
    for (PlanEntry entry : plan.rootfs()) {
      Predicate<PlanEntry> sameImage = e -> e.attributes().provenance().location().equals(entry.attributes().provenance().location());
      if (entry instanceof PlanEntry.Whiteout) {
        whiteouts++;
        PlanEntry gone = tree.get(entry.path());
        if (gone != null && sameImage.test(gone)) {
          tree.remove(entry.path());
        }
        removeInside(tree, entry.path(), sameImage);
      } else if (entry instanceof PlanEntry.OpaqueDirectory) {
        opaque++;
        removeInside(tree, entry.path(), sameImage);
      } else {
        PlanEntry earlier = tree.put(entry.path(), entry);
        if (earlier != null && !(entry instanceof PlanEntry.Directory && earlier instanceof PlanEntry.Directory)) {
          replaced++;
          if (earlier instanceof PlanEntry.Directory) {
            removeInside(tree, entry.path(), e -> true);
          }
        }
      }
    }
    long materialised = 0;
    List<PlanEntry> flat = new ArrayList<>(tree.size());
    for (PlanEntry entry : tree.values()) {
      if (entry instanceof PlanEntry.HardLink link && !linksToSameFile(link, tree)) {
        // The file the link named was replaced or removed; the link keeps the bytes it had.
        flat.add(new PlanEntry.File(link.path(), link.attributes(), link.content()));
        materialised++;
      } else {
        flat.add(entry);
      }
    }
    TreeMap<String, Long> figures = new TreeMap<>();
    figures.put("whiteouts", whiteouts);
    figures.put("opaqueDirectories", opaque);
    figures.put("entriesReplaced", replaced);
    figures.put("linksMadeFiles", materialised);
    return plan.after(flat, Reports.of(NAME, plan.rootfs(), flat, figures));
  }

  private static boolean linksToSameFile(PlanEntry.HardLink link, Map<String, PlanEntry> tree) {
    return tree.get(link.target()) instanceof PlanEntry.File file && file.content().sha256().equals(link.content().sha256());
  }

  /** Removes the entries strictly under {@code dir} that {@code which} accepts. */
  private static void removeInside(TreeMap<String, PlanEntry> tree, String dir, Predicate<PlanEntry> which) {
    String prefix = dir + "/";
    Iterator<Map.Entry<String, PlanEntry>> inside = tree.tailMap(prefix, true).entrySet().iterator();
    while (inside.hasNext()) {
      Map.Entry<String, PlanEntry> next = inside.next();
      if (!next.getKey().startsWith(prefix)) {
        break;
      }
      if (which.test(next.getValue())) {
        inside.remove();
      }
    }
  }
}
