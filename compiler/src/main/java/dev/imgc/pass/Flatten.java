package dev.imgc.pass;

import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Applies OCI layer semantics to the placed entries: a later entry at a path replaces the earlier
 * one (a directory keeps what is under it only when it is replaced by a directory), a whiteout
 * removes a path and everything under it, an opaque directory hides what was under it. Markers act
 * only on entries of the same section and image ({@code services[2]}), as each image is flattened
 * on its own before LinuxKit places it. An entry whose parent is a symlink lands where the link
 * points, inside the root the link belongs to (see {@link SymlinkedParents}); and when another
 * section replaces a directory with such a symlink ({@code lib} to {@code usr/lib} in a merged-/usr
 * init image, over the kernel's {@code lib/modules}), what the directory held moves there instead
 * of being lost. What one part of the spec replaces or leaves out of another's is reported as a
 * warning ({@link Overrides}), not only counted.
 */
public final class Flatten implements Pass {
  public static final String NAME = "flatten";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BuildPlan apply(BuildPlan plan) {
    PathTree tree = new PathTree();
    SymlinkedParents parents = new SymlinkedParents(tree, plan.imageRoots());
    Overrides overrides = new Overrides(plan);
    Counts counts = new Counts();
    // each entry's work is a method of its own, which the JIT compiles after a few hundred calls, where
    // the body of a loop run once stays interpreted until its iterations reach the JIT's far higher
    // threshold for replacing a running loop
    for (PlanEntry entry : plan.rootfs()) {
      place(entry, tree, parents, overrides, counts);
    }
    // In tree order an entry's parent, if there is one, is the nearest of the entries before it that
    // hold it: these are kept on a stack instead of looking every parent up.
    Deque<Placed> ancestors = new ArrayDeque<>();
    List<PlanEntry> flat = new ArrayList<>(tree.size());
    for (PlanEntry entry : tree.values()) {
      keep(entry, ancestors, tree, overrides, counts, flat);
    }
    TreeMap<String, Long> figures = new TreeMap<>();
    figures.put("whiteouts", counts.whiteouts);
    figures.put("opaqueDirectories", counts.opaque);
    figures.put("entriesReplaced", counts.replaced);
    figures.put("linksMadeFiles", counts.materialised);
    figures.put("movedThroughSymlinks", counts.moved);
    figures.put("entriesUnderNonDirectories", counts.unplaceable);
    return plan.after(flat, Reports.of(NAME, plan.rootfs(), flat, figures), overrides.warnings());
  }

  /** What flattening did, for its report. */
  private static final class Counts {
    long moved;
    long whiteouts;
    long opaque;
    long replaced;
    long materialised;
    long unplaceable;
  }

  /** Applies {@code entry}, the next of the placed entries, to {@code tree}. */
  private static void place(PlanEntry entry, PathTree tree, SymlinkedParents parents, Overrides overrides, Counts counts) {
    Predicate<PlanEntry> sameImage = e -> e.attributes().provenance().location().equals(entry.attributes().provenance().location());
    if (entry.node() instanceof PlanEntry.Whiteout) {
      counts.whiteouts++;
      PlanEntry gone = tree.get(entry.path());
      if (gone != null && sameImage.test(gone)) {
        tree.remove(entry.path());
      }
      tree.removeInside(entry.path(), sameImage);
    } else if (entry.node() instanceof PlanEntry.OpaqueDirectory) {
      counts.opaque++;
      tree.removeInside(entry.path(), sameImage);
    } else {
      PlanEntry placed = throughLinks(entry, parents);
      counts.moved += placed == entry ? 0 : 1;
      PlanEntry earlier = tree.put(placed);
      if (earlier != null && !(placed.node() instanceof PlanEntry.Directory && earlier.node() instanceof PlanEntry.Directory)) {
        counts.replaced++;
      }
      if (earlier != null) {
        overrides.replaced(placed, earlier);
      }
      if (!(placed.node() instanceof PlanEntry.Directory)) {
        counts.moved += replaceInside(tree, placed, parents, overrides);
      }
    }
  }

  /**
   * Adds {@code entry}, the next of the flattened tree in tree order, to {@code flat} unless no
   * filesystem can hold it; {@code ancestors} are the entries before it that may hold it.
   */
  private static void keep(PlanEntry entry, Deque<Placed> ancestors, PathTree tree, Overrides overrides, Counts counts,
      List<PlanEntry> flat) {
    while (!ancestors.isEmpty() && !TreePaths.inside(entry.path(), ancestors.peek().entry().path())) {
      ancestors.pop();
    }
    Placed parent = ancestors.isEmpty() || !TreePaths.parentOf(entry.path(), ancestors.peek().entry().path())
        ? null : ancestors.peek();
    boolean droppedParent = parent != null && parent.dropped();
    if (droppedParent || (parent != null && !(parent.entry().node() instanceof PlanEntry.Directory))) {
      // Under a file, device or a symlink that could not be followed (a loop): no filesystem can hold it.
      if (!droppedParent) {
        overrides.unplaceable(entry, parent.entry());
      }
      ancestors.push(new Placed(entry, true));
      counts.unplaceable++;
      return;
    }
    ancestors.push(new Placed(entry, false));
    if (entry.node() instanceof PlanEntry.HardLink link && !linksToSameFile(link, tree)) {
      // The file the link named was replaced or removed; the link keeps the bytes it had.
      flat.add(entry.withNode(new PlanEntry.File(link.content())));
      counts.materialised++;
    } else {
      flat.add(entry);
    }
  }

  /** An entry of the flattened tree, and whether it was dropped for being under a non-directory. */
  private record Placed(PlanEntry entry, boolean dropped) {}

  /** The entry at the path its symlinked parents lead to (a hard link's target too), or itself. */
  private static PlanEntry throughLinks(PlanEntry entry, SymlinkedParents parents) {
    String path = parents.resolve(entry.path());
    PlanEntry placed = path.equals(entry.path()) ? entry : entry.withPath(path);
    if (placed.node() instanceof PlanEntry.HardLink link) {
      String target = parents.resolve(link.target());
      return target.equals(link.target()) ? placed : placed.withNode(new PlanEntry.HardLink(target, link.content()));
    }
    return placed;
  }

  /**
   * {@code replacement}, not a directory, now stands where earlier entries had a directory. Those
   * of the same image go (OCI); those of another section follow a symlink to its target, as they
   * would on a filesystem where the directory had become that link. Returns how many moved.
   */
  private static long replaceInside(PathTree tree, PlanEntry replacement, SymlinkedParents parents, Overrides overrides) {
    List<PlanEntry> inside = tree.inside(replacement.path());
    if (inside.isEmpty()) {
      return 0;
    }
    tree.removeInside(replacement.path(), e -> true);
    if (!(replacement.node() instanceof PlanEntry.Symlink)) {
      overrides.lostWithDirectory(replacement, inside);
      return 0;
    }
    String location = replacement.attributes().provenance().location();
    long moved = 0;
    for (PlanEntry child : inside) {
      PlanEntry placed = throughLinks(child, parents);
      if (!child.attributes().provenance().location().equals(location) && !placed.path().equals(child.path())) {
        PlanEntry there = tree.putIfAbsent(placed);
        if (there != null) {
          overrides.replaced(there, placed);
        }
        moved++;
      }
    }
    return moved;
  }

  private static boolean linksToSameFile(PlanEntry.HardLink link, PathTree tree) {
    PlanEntry target = tree.get(link.target());
    return target != null && target.node() instanceof PlanEntry.File file && file.content().sha256().equals(link.content().sha256());
  }
}
