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
    List<PlanEntry> sorted = new ArrayList<>();
    Set<String> paths = new HashSet<>();
    long clamped = 0;
    for (PlanEntry entry : plan.rootfs()) {
      Metadata m = entry.attributes().metadata();
      if (epoch.clamp(m.mtimeSeconds()) != m.mtimeSeconds()) {
        clamped++;
        entry = entry.withAttributes(entry.attributes().withMetadata(m.withMtimeSeconds(epoch.clamp(m.mtimeSeconds()))));
      }
      sorted.add(entry);
      paths.add(entry.path());
    }
    long parentsAdded = 0;
    Attributes parent = Attributes.of(new Metadata(0755, 0, 0, epoch.generated()), Provenance.of("normalize"));
    for (PlanEntry entry : List.copyOf(sorted)) {
      for (String dir = TreePaths.parent(entry.path()); !dir.isEmpty() && paths.add(dir); dir = TreePaths.parent(dir)) {
        sorted.add(new PlanEntry(dir, parent, new PlanEntry.Directory()));
        parentsAdded++;
      }
    }
    sorted.sort((a, b) -> TreePaths.TREE_ORDER.compare(a.path(), b.path()));
    TreeMap<String, Long> figures = new TreeMap<>();
    figures.put("mtimesClamped", clamped);
    figures.put("parentsAdded", parentsAdded);
    figures.put("linkGroupsReordered", leadLinkGroups(sorted));
    return plan.after(sorted, Reports.of(NAME, plan.rootfs(), sorted, figures));
  }

  /**
   * Where sorting put a link before the file it names, the first path of the group becomes the
   * file and the others link to it; returns how many groups changed.
   */
  private static long leadLinkGroups(List<PlanEntry> sorted) {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      position.put(sorted.get(i).path(), i);
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
