package dev.imgc.plan;

import dev.imgc.image.oci.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The compiler's intermediate representation: everything the back ends write, as pure data. The root
 * filesystem is an ordered list of entries whose file contents are references, never bytes; the
 * kernel sits beside it; each container is a {@link Bundle} whose files are entries of the root.
 *
 * @param imageRoots where images other than init are unpacked (each bundle's {@code rootfs/} or
 *     {@code lower/}, each volume's {@code lower/}): an absolute symlink there points inside it
 * @param pruneRules the spec's {@code prune:} globs, which the prune pass applies
 * @param sourceDateEpoch the latest time any entry may carry, which the normalize pass clamps to
 * @param passes what lowering and each pass did, in order
 * @param warnings what lowering changed or ignored
 */
public record BuildPlan(
    Optional<KernelPlan> kernel,
    List<PlanEntry> rootfs,
    List<Bundle> bundles,
    List<String> imageRoots,
    List<PruneRule> pruneRules,
    long sourceDateEpoch,
    List<PassReport> passes,
    List<PlanWarning> warnings) {

  public BuildPlan {
    rootfs = List.copyOf(rootfs);
    bundles = List.copyOf(bundles);
    imageRoots = List.copyOf(imageRoots);
    pruneRules = List.copyOf(pruneRules);
    passes = List.copyOf(passes);
    warnings = List.copyOf(warnings);
  }

  /** This plan with another root filesystem and one more report. */
  public BuildPlan after(List<PlanEntry> changedRootfs, PassReport report) {
    List<PassReport> reports = new ArrayList<>(passes);
    reports.add(report);
    return new BuildPlan(kernel, changedRootfs, bundles, imageRoots, pruneRules, sourceDateEpoch, reports, warnings);
  }

  public BuildPlan withKernel(Optional<KernelPlan> changed) {
    return new BuildPlan(changed, rootfs, bundles, imageRoots, pruneRules, sourceDateEpoch, passes, warnings);
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
