package dev.imgc.pass;

import dev.imgc.fs.Metadata;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.KernelModule;
import dev.imgc.plan.KernelPlan;
import dev.imgc.plan.ModuleClosure;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import dev.imgc.plan.PruneRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Removes what the spec asks to remove: the {@code prune:} globs (top level against the whole root,
 * per image against that bundle's image root), and, with {@code kernel.modules}, every module outside
 * the listed ones' dependency closure, with fresh {@code modules.dep} and {@code modules.alias} for
 * what is kept in place of the image's indexes (binary indexes, now stale, are removed).
 */
public final class Prune implements Pass {
  public static final String NAME = "prune";

  /** The index files depmod writes next to the modules; all describe the full set, so all go. */
  private static final Pattern INDEX = Pattern.compile("modules\\.(?:dep|alias|symbols|softdep|devname|weakdep)(?:\\.bin)?|modules\\.builtin\\.(?:alias\\.)?bin");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BuildPlan apply(BuildPlan plan) {
    TreeMap<String, Long> figures = new TreeMap<>();
    List<PlanEntry> entries = plan.rootfs();
    long globbed = 0;
    for (PruneRule rule : plan.pruneRules()) {
      Glob glob = new Glob(rule.glob());
      int before = entries.size();
      entries = entries.stream().filter(e -> !(TreePaths.inside(e.path(), rule.root())
          && glob.matches(rule.root().isEmpty() ? e.path() : e.path().substring(rule.root().length() + 1)))).toList();
      globbed += before - entries.size();
    }
    figures.put("entriesMatchingGlobs", globbed);
    Optional<KernelPlan> kernel = plan.kernel();
    if (kernel.isPresent() && kernel.get().keep().isPresent()) {
      KernelPlan k = kernel.get();
      SortedMap<String, KernelModule> kept = ModuleClosure.closure(k.modulesToKeep().orElseThrow(), k.modules());
      entries = pruneModules(entries, k, kept, figures, plan.sourceDateEpoch().generated());
      kernel = Optional.of(k.withModules(kept));
    }
    BuildPlan pruned = plan.withKernel(kernel);
    return pruned.after(entries, Reports.of(NAME, plan.rootfs(), entries, figures));
  }

  private static List<PlanEntry> pruneModules(List<PlanEntry> entries, KernelPlan kernel,
      SortedMap<String, KernelModule> kept, TreeMap<String, Long> figures, long time) {
    Set<String> dropped = new HashSet<>();
    Set<String> trees = new java.util.TreeSet<>();
    for (KernelModule module : kernel.modules().values()) {
      trees.add(module.treeRoot());
      if (!kept.containsKey(module.name())) {
        dropped.add(module.path());
      }
    }
    Set<String> emptied = new HashSet<>();
    for (String path : dropped) {
      String dir = TreePaths.parent(path);
      while (insideAny(dir, trees) && emptied.add(dir)) { // a directory met before had its parents added then
        dir = TreePaths.parent(dir);
      }
    }
    List<PlanEntry> out = new ArrayList<>();
    Set<String> stillUsed = new HashSet<>();
    for (PlanEntry entry : entries) {
      boolean index = trees.contains(TreePaths.parent(entry.path()))
          && INDEX.matcher(entry.path().substring(entry.path().lastIndexOf('/') + 1)).matches();
      if (!dropped.contains(entry.path()) && !index) {
        out.add(entry);
        if (!(entry.node() instanceof PlanEntry.Directory)) {
          for (String dir = TreePaths.parent(entry.path()); !dir.isEmpty(); dir = TreePaths.parent(dir)) {
            stillUsed.add(dir);
          }
        }
      }
    }
    out.removeIf(e -> e.node() instanceof PlanEntry.Directory && emptied.contains(e.path()) && !stillUsed.contains(e.path()));
    Attributes generated = Attributes.of(new Metadata(0644, 0, 0, time), Provenance.of("kernel.modules"));
    for (String tree : trees) {
      SortedMap<String, KernelModule> inTree = new TreeMap<>();
      kept.forEach((name, module) -> {
        if (module.treeRoot().equals(tree)) {
          inTree.put(name, module);
        }
      });
      String dep = ModuleIndex.modulesDep(inTree);
      String alias = ModuleIndex.modulesAlias(inTree);
      out.add(new PlanEntry(tree + "/modules.dep", generated, new PlanEntry.File(ContentRef.Inline.of(dep))));
      out.add(new PlanEntry(tree + "/modules.alias", generated, new PlanEntry.File(ContentRef.Inline.of(alias))));
    }
    figures.put("modulesKept", (long) kept.size());
    figures.put("modulesRemoved", (long) dropped.size());
    return out;
  }

  private static boolean insideAny(String dir, Set<String> trees) {
    for (String tree : trees) {
      if (TreePaths.inside(dir, tree)) {
        return true;
      }
    }
    return false;
  }
}
