package dev.imgc.plan;

import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.spec.model.Source;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The compiler's intermediate representation: everything the back ends write, as pure data. The root
 * filesystem is an ordered list of entries whose file contents are references, never bytes; the
 * kernel sits beside it; each container is a {@link Bundle} whose files are entries of the root.
 *
 * @param imageRoots where images other than init are unpacked (each bundle's {@code rootfs/} or
 *     {@code lower/}, each volume's {@code lower/}): an absolute symlink there points inside it
 * @param pruneRules the spec's {@code prune:} globs, which the prune pass applies
 * @param sourceDateEpoch when set, the latest time any entry may carry (the normalize pass clamps to it);
 *     set or not, the time of every entry imgc makes itself ({@link SourceDateEpoch#generated})
 * @param passes what lowering and each pass did, in order
 * @param warnings what lowering and the passes changed or left out, each at a place in the spec
 * @param locations where in the spec each {@linkplain Provenance#location() location} was written
 *     ({@code services[2]} at its {@code image:}, {@code files[0]} at its {@code path:}), so that a pass
 *     can say where an entry it replaces or drops came from
 * @param rootConfig how a container of the one image a root filesystem alone is made of runs (its
 *     entrypoint, command, environment, directory, user, labels), which the {@code oci} output keeps
 *     when the root has no {@code /init}; empty for any other spec
 */
public record BuildPlan(
    Optional<KernelPlan> kernel,
    List<PlanEntry> rootfs,
    List<Bundle> bundles,
    List<String> imageRoots,
    List<PruneRule> pruneRules,
    SourceDateEpoch sourceDateEpoch,
    List<PassReport> passes,
    List<PlanWarning> warnings,
    SortedMap<String, Source> locations,
    Optional<RuntimeConfig> rootConfig) {

  public BuildPlan {
    rootfs = List.copyOf(rootfs);
    bundles = List.copyOf(bundles);
    imageRoots = List.copyOf(imageRoots);
    pruneRules = List.copyOf(pruneRules);
    passes = List.copyOf(passes);
    warnings = List.copyOf(warnings);
    locations = Collections.unmodifiableSortedMap(new TreeMap<>(locations));
  }

  /** This plan with another root filesystem and one more report. */
  public BuildPlan after(List<PlanEntry> changedRootfs, PassReport report) {
    return after(changedRootfs, report, List.of());
  }

  /** This plan with another root filesystem, one more report, and the warnings of the pass that made them. */
  public BuildPlan after(List<PlanEntry> changedRootfs, PassReport report, List<PlanWarning> more) {
    List<PassReport> reports = new ArrayList<>(passes);
    reports.add(report);
    List<PlanWarning> allWarnings = new ArrayList<>(warnings);
    allWarnings.addAll(more);
    return new BuildPlan(kernel, changedRootfs, bundles, imageRoots, pruneRules, sourceDateEpoch, reports, allWarnings, locations, rootConfig);
  }

  public BuildPlan withKernel(Optional<KernelPlan> changed) {
    return new BuildPlan(changed, rootfs, bundles, imageRoots, pruneRules, sourceDateEpoch, passes, warnings, locations, rootConfig);
  }

  /** Where in the spec the entry's location was written, when the spec wrote it (not for a generated /init). */
  public Optional<Source> sourceOf(PlanEntry entry) {
    return Optional.ofNullable(locations.get(entry.attributes().provenance().location()));
  }

  /**
   * The identity of what this plan produces: a sha256 over its {@link CanonicalForm}, which holds
   * what the outputs hold (paths, kinds, metadata, content hashes, the kernel, the bundles) and
   * nothing about where the bytes were read from or how the plan was reached.
   */
  public Digest digest() {
    return digests().plan();
  }

  /** {@link #digest}, and the identity of the root filesystem alone (the initrd's contents), in one pass. */
  public PlanDigests digests() {
    return CanonicalForm.digests(this);
  }
}
