package dev.imgc.plan.lower;

import dev.imgc.boot.init.BootStage;
import dev.imgc.plan.Bundle;
import dev.imgc.plan.KernelPlan;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The modules an appliance needs whether or not {@code kernel.modules} lists them. Those the
 * {@link BootStage} loads to reach a root on a disk are kept when the appliance is written with its
 * root on a disk (a format such as {@code kernel+squashfs} or {@code rootfs-ext4}, or {@code --root-fs}),
 * and only then: an appliance whose root is its initrd does without them (about 1 MB). A container with
 * a writable root runs on an overlay of its image (its writes go to a tmpfs of its own); without
 * overlayfs the init must copy the whole image into memory instead, so when the kernel has overlay
 * as a module it is kept. A kernel with overlayfs built in, or without it, needs nothing kept.
 */
final class ImpliedModules {
  private static final String OVERLAY = "overlay";

  private ImpliedModules() {}

  /**
   * {@code kernel} with the modules its bundles need beyond the spec's list, and those of the boot
   * stage when {@code bootStage}, each with the reason.
   */
  static KernelPlan of(KernelPlan kernel, List<Bundle> bundles, boolean bootStage) {
    KernelPlan forBundles = forBundles(kernel, bundles);
    return bootStage ? forBundles.alsoImplying(BootStage.MODULES, "the boot stage of a root on a disk") : forBundles;
  }

  private static KernelPlan forBundles(KernelPlan kernel, List<Bundle> bundles) {
    List<String> writable = bundles.stream().filter(b -> !b.readonlyRoot())
        .map(b -> b.location() + " " + b.name()).toList();
    boolean listed = kernel.keep().orElse(List.of()).stream().map(ModInfo::canonicalName).anyMatch(OVERLAY::equals);
    if (kernel.keep().isEmpty() || listed || writable.isEmpty() || !kernel.modules().containsKey(OVERLAY)) {
      return kernel;
    }
    SortedMap<String, String> implied = new TreeMap<>();
    implied.put(OVERLAY, "the writable roots of " + String.join(", ", writable));
    return kernel.withImplied(implied);
  }
}
