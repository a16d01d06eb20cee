package dev.imgc.pass;

import dev.imgc.fs.Metadata;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes the plan independent of the machine, the clock and the order layers were read in: entries
 * sorted component by component (parents first), every time clamped to the plan's
 * {@code SOURCE_DATE_EPOCH} when it is set (kept as the layers have it otherwise: their bytes are known
 * by their digests), a directory added (0755, root, dated as imgc dates what it makes) for any parent
 * nothing placed, and each
 * group of hard links led by its first path in that order, so every link names a file written before it.
 */
public final class Normalize implements Pass {
  public static final String NAME = "normalize";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BuildPlan apply(BuildPlan plan) {
    SourceDateEpoch epoch = plan.sourceDateEpoch();
    List<PlanEntry> sorted = new ArrayList<>(plan.rootfs().size());
    long clamped = 0;
    for (PlanEntry entry : plan.rootfs()) {
      Metadata m = entry.attributes().metadata();
      if (epoch.clamp(m.mtimeSeconds()) != m.mtimeSeconds()) {
        clamped++;
        entry = entry.withAttributes(entry.attributes().withMetadata(m.withMtimeSeconds(epoch.clamp(m.mtimeSeconds()))));
      }
      sorted.add(entry);
    }
    Set<String> missing = missingParents(sorted);
    long parentsAdded = missing.size();
    Attributes parent = Attributes.of(new Metadata(0755, 0, 0, epoch.generated()), Provenance.of("normalize"));
    for (String dir : missing) {
      sorted.add(new PlanEntry(dir, parent, new PlanEntry.Directory()));
    }
    sorted.sort((a, b) -> TreePaths.TREE_ORDER.compare(a.path(), b.path()));
    TreeMap<String, Long> figures = new TreeMap<>();
    figures.put("mtimesClamped", clamped);
    figures.put("parentsAdded", parentsAdded);
    figures.put("linkGroupsReordered", leadLinkGroups(sorted));
    return plan.after(sorted, Reports.of(NAME, plan.rootfs(), sorted, figures));
  }

  /**
   * The directories entries are in that no entry is: every parent of every path, less the paths.
   * Only directories are held in a set, not every path (a tree has about one directory for every
   * few dozen entries).
   */
  private static Set<String> missingParents(List<PlanEntry> entries) {
    Set<String> directories = new HashSet<>();
    for (PlanEntry entry : entries) {
      for (String dir = TreePaths.parent(entry.path()); !dir.isEmpty() && directories.add(dir); dir = TreePaths.parent(dir)) {
        // every parent up to one already there, whose own parents are there too
      }
    }
    for (PlanEntry entry : entries) {
      directories.remove(entry.path());
    }
    return directories;
  }

  /**
   * Where sorting put a link before the file it names, the first path of the group becomes the
   * file and the others link to it; returns how many groups changed.
   */
  private static long leadLinkGroups(List<PlanEntry> sorted) {
    // Positions of the paths links name or have, the only ones looked up: a tree has few links.
    Set<String> linked = new HashSet<>();
    for (PlanEntry entry : sorted) {
      if (entry.node() instanceof PlanEntry.HardLink link) {
        linked.add(link.target());
        linked.add(entry.path());
      }
    }
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      if (linked.contains(sorted.get(i).path())) {
        position.put(sorted.get(i).path(), i);
      }
    }
    Map<String, String> leader = new HashMap<>();
    long changed = 0;
    for (int i = 0; i < sorted.size(); i++) {
      PlanEntry linkEntry = sorted.get(i);
      if (!(linkEntry.node() instanceof PlanEntry.HardLink link)) {
        continue;
      }
      Integer target = position.get(link.target());
      if (target == null || !(sorted.get(target).node() instanceof PlanEntry.File file)) {
        String first = leader.get(link.target());
        if (first != null) {
          sorted.set(i, linkEntry.withNode(new PlanEntry.HardLink(first, link.content())));
        }
        continue;
      }
      if (target > i) {
        PlanEntry fileEntry = sorted.get(target);
        sorted.set(i, linkEntry.withNode(new PlanEntry.File(file.content())));
        sorted.set(target, fileEntry.withNode(new PlanEntry.HardLink(linkEntry.path(), file.content())));
        leader.put(fileEntry.path(), linkEntry.path());
        changed++;
      }
    }
    return changed;
  }
}
