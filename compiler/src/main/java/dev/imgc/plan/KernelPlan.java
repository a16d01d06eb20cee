package dev.imgc.plan;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The kernel of the appliance: its binary and microcode (as content references, outside the root
 * filesystem), the command line, and the modules its image put in the root filesystem.
 *
 * @param image the normalised reference of the kernel image
 * @param release the kernel release a Debian package names ({@code 6.1.0-28-amd64}), if known
 * @param modules every module of the image by name
 * @param keep the spec's {@code kernel.modules}: the modules to keep with their dependencies; empty keeps all
 * @param implied modules kept with {@code keep} because the appliance needs them though the spec does
 *     not list them, each with the reason ({@code overlay}: the writable roots of {@code services[0]}, …)
 */
public record KernelPlan(
    String image,
    ContentRef kernel,
    String cmdline,
    Optional<ContentRef> ucode,
    Optional<String> release,
    SortedMap<String, KernelModule> modules,
    Optional<List<String>> keep,
    SortedMap<String, String> implied) {
  public KernelPlan {
    modules = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(modules));
    keep = keep.map(List::copyOf);
    implied = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(implied));
  }

  public KernelPlan withModules(SortedMap<String, KernelModule> kept) {
    return new KernelPlan(image, kernel, cmdline, ucode, release, kept, keep, implied);
  }

  public KernelPlan withImplied(SortedMap<String, String> reasons) {
    return new KernelPlan(image, kernel, cmdline, ucode, release, modules, keep, reasons);
  }

  /** Every module to keep with its dependencies, the spec's first: empty when all are kept. */
  public Optional<List<String>> modulesToKeep() {
    return keep.map(listed -> {
      List<String> all = new java.util.ArrayList<>(listed);
      all.addAll(implied.keySet());
      return List.copyOf(all);
    });
  }

  /**
   * This kernel with {@code names} implied too, for {@code reason}, when {@code kernel.modules} chooses
   * what is kept: those of them the image has as modules and the spec does not list.
   */
  public KernelPlan alsoImplying(List<String> names, String reason) {
    if (keep.isEmpty()) {
      return this;
    }
    SortedMap<String, String> reasons = new TreeMap<>(implied);
    names.stream().filter(modules::containsKey).filter(name -> !keep.get().contains(name))
        .forEach(name -> reasons.putIfAbsent(name, reason));
    return withImplied(reasons);
  }
}
