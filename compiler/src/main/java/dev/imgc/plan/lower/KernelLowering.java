package dev.imgc.plan.lower;

import dev.imgc.image.KernelLayout;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.KernelModule;
import dev.imgc.plan.KernelPlan;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import dev.imgc.spec.Suggestions;
import dev.imgc.spec.model.Kernel;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Finds the kernel in its image, in either convention of {@link KernelLayout}: LinuxKit's
 * {@code kernel.tar} is unpacked into the root, a Debian package's module tree placed as it is, and
 * with {@code kernel.tar: none} neither. The modules placed are described by their .modinfo sections.
 */
final class KernelLowering {
  private KernelLowering() {}

  static Optional<KernelPlan> lower(Kernel kernel, LoweringImages images, Placement placement) {
    if (kernel.image().isEmpty()) {
      return Optional.empty();
    }
    Located<String> reference = kernel.image().get();
    Source source = reference.source();
    ResolvedImage image = Lowering.resolve(images, reference);
    Provenance provenance = Provenance.ofImage("kernel", image.name());
    placement.locate(provenance.location(), source);
    String binary = KernelLayout.binary(kernel.binary().map(Located::value));
    Optional<String> tar = KernelLayout.tar(kernel.tar().map(Located::value));
    Optional<String> ucodeName = KernelLayout.ucode(kernel.ucode().map(Located::value));
    boolean withoutModules = KernelLayout.withoutModules(kernel.tar().map(Located::value));
    if (withoutModules && kernel.modules().isPresent()) {
      throw new LoweringException(kernel.modules().get().source(),
          "kernel.modules keeps modules, but kernel.tar: none leaves every module out; remove one of the two");
    }

    Found found = new Found();
    List<PlanEntry> tree = new ArrayList<>();
    // looked up by path only, for each module file: hashed, not compared with a dozen paths sharing long prefixes
    Map<String, ModInfo> modinfo = new HashMap<>();
    java.util.Set<String> builtin = new java.util.TreeSet<>();
    for (int i = 0; i < image.layers().size(); i++) {
      LayerListing listing = placement.listing(image, i, source, tar);
      LayerMarks here = new LayerMarks(provenance.inLayer(i));
      for (PlanEntry entry : listing.entries()) {
        // a method of its own, which the JIT compiles after a few hundred calls, where the body of this
        // loop, run once, stays interpreted
        note(entry, found, binary, tar, ucodeName, !withoutModules, tree, here);
      }
      listing.nested().forEach(e -> tree.add(here.mark(e)));
      modinfo.putAll(listing.modules());
      builtin.addAll(listing.builtin());
    }
    ContentRef kernelFile = found.kernel().orElseThrow(() -> new LoweringException(source,
        KernelLayout.noKernel(image.name(), binary)));
    if (tar.isPresent() && !found.tarball && found.binary != null) {
      throw new LoweringException(source, image.name() + " holds no " + tar.get()
          + "; set kernel.tar to the name of its module tarball, or to none");
    }
    if (ucodeName.isPresent() && found.ucode.isEmpty()) {
      placement.warn(kernel.ucode().get().source(), image.name() + " holds no " + ucodeName.get() + "; no microcode is added");
    }
    tree.forEach(placement::add);
    SortedMap<String, KernelModule> modules = modules(tree, modinfo);
    kernel.modules().ifPresent(keep -> checkKept(keep, modules, builtin, image.name(), placement));
    Optional<String> release = found.release.or(() -> release(tree));
    return Optional.of(new KernelPlan(image.name(), kernelFile, kernel.cmdline().map(Located::value).orElse(""),
        found.ucode, release, modules, kernel.modules().map(Located::value), new TreeMap<>()));
  }

  /** Notes what {@code entry} is in {@code found}, and adds it to {@code tree} when modules are kept and it is in a module tree. */
  private static void note(PlanEntry entry, Found found, String binary, Optional<String> tar, Optional<String> ucodeName,
      boolean withModules, List<PlanEntry> tree, LayerMarks here) {
    found.note(entry, binary, tar, ucodeName);
    if (withModules && KernelLayout.moduleTreeRelease(entry.path()).isPresent()) {
      tree.add(here.mark(entry));
    }
  }

  /** What the layers hold at the names that matter; a later layer's file replaces an earlier one's. */
  private static final class Found {
    ContentRef binary;
    ContentRef vmlinuz;
    Optional<String> release = Optional.empty();
    Optional<ContentRef> ucode = Optional.empty();
    boolean tarball;

    void note(PlanEntry entry, String binaryName, Optional<String> tar, Optional<String> ucodeName) {
      if (!(entry.node() instanceof PlanEntry.File file)) {
        return;
      }
      String path = entry.path();
      Optional<String> debianRelease = KernelLayout.debianKernelRelease(path);
      if (path.equals(binaryName)) {
        binary = file.content();
      } else if (tar.filter(path::equals).isPresent()) {
        tarball = true;
      } else if (ucodeName.filter(path::equals).isPresent()) {
        ucode = Optional.of(file.content());
      } else if (debianRelease.isPresent()) {
        vmlinuz = file.content();
        release = debianRelease;
      }
    }

    Optional<ContentRef> kernel() {
      return Optional.ofNullable(binary != null ? binary : vmlinuz);
    }
  }

  private static SortedMap<String, KernelModule> modules(List<PlanEntry> tree, Map<String, ModInfo> modinfo) {
    SortedMap<String, KernelModule> modules = new TreeMap<>();
    for (PlanEntry entry : tree) {
      ModInfo info = modinfo.get(entry.path());
      if (entry.node() instanceof PlanEntry.File && info != null) {
        String file = entry.path().substring(entry.path().lastIndexOf('/') + 1);
        String name = info.name().orElse(ModInfo.canonicalName(file.substring(0, file.indexOf(".ko"))));
        modules.put(name, new KernelModule(name, entry.path(), info.depends(), info.aliases(), info.softdeps()));
      }
    }
    return modules;
  }

  /** Every module to keep must be in the image; one built into the kernel needs no keeping (a warning). */
  private static void checkKept(Located<List<String>> keep, SortedMap<String, KernelModule> modules,
      java.util.Set<String> builtin, String image, Placement placement) {
    for (String name : keep.value()) {
      if (builtin.contains(ModInfo.canonicalName(name)) && !modules.containsKey(ModInfo.canonicalName(name))) {
        placement.warn(keep.source(), "the kernel module '" + name + "' is built into the kernel of " + image
            + "; there is nothing to keep");
      } else if (!modules.containsKey(ModInfo.canonicalName(name))) {
        throw new LoweringException(keep.source(), "the kernel module '" + name + "' is not in " + image
            + Suggestions.didYouMean(ModInfo.canonicalName(name), modules.keySet()));
      }
    }
  }

  /** The release the module tree is named by, when there is exactly one tree. */
  private static Optional<String> release(List<PlanEntry> tree) {
    List<String> releases = tree.stream().map(e -> KernelLayout.moduleTreeRelease(e.path())).flatMap(Optional::stream)
        .distinct().toList();
    return releases.size() == 1 ? Optional.of(releases.get(0)) : Optional.empty();
  }
}
