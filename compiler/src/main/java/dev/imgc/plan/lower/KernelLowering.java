package dev.imgc.plan.lower;

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
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the kernel in its image, in either convention: LinuxKit's ({@code kernel} or
 * {@code kernel.binary}, {@code kernel.tar} unpacked into the root, {@code kernel.ucode}) or a Debian
 * kernel package's ({@code boot/vmlinuz-VERSION}, the module tree {@code lib/modules/VERSION/} placed
 * as it is). The modules placed are described by their .modinfo sections.
 */
final class KernelLowering {
  private static final Pattern VMLINUZ = Pattern.compile("boot/vmlinuz-(.+)");
  private static final Pattern MODULE_TREE = Pattern.compile("(?:usr/)?lib/modules/([^/]+)(?:/.*)?");

  private KernelLowering() {}

  static Optional<KernelPlan> lower(Kernel kernel, ImageProvider images, Placement placement) {
    if (kernel.image().isEmpty()) {
      return Optional.empty();
    }
    Located<String> reference = kernel.image().get();
    Source source = reference.source();
    ResolvedImage image = Lowering.resolve(images, reference);
    Provenance provenance = Provenance.ofImage("kernel", image.name());
    String binary = relative(kernel.binary().map(Located::value).orElse("kernel"));
    Optional<String> tar = kernel.tar().map(Located::value).or(() -> Optional.of("kernel.tar"))
        .filter(t -> !t.isEmpty() && !t.equals("none")).map(KernelLowering::relative);
    Optional<String> ucodeName = kernel.ucode().map(Located::value).map(KernelLowering::relative);

    Found found = new Found();
    List<PlanEntry> tree = new ArrayList<>();
    SortedMap<String, ModInfo> modinfo = new TreeMap<>();
    java.util.Set<String> builtin = new java.util.TreeSet<>();
    for (int i = 0; i < image.layers().size(); i++) {
      LayerListing listing = placement.listing(image, i, source, tar);
      Provenance here = provenance.inLayer(i);
      for (PlanEntry entry : listing.entries()) {
        found.note(entry, binary, tar, ucodeName);
        if (MODULE_TREE.matcher(entry.path()).matches()) {
          tree.add(Placement.marked(entry, here));
        }
      }
      listing.nested().forEach(e -> tree.add(Placement.marked(e, here)));
      modinfo.putAll(listing.modules());
      builtin.addAll(listing.builtin());
    }
    ContentRef kernelFile = found.kernel().orElseThrow(() -> new LoweringException(source,
        image.name() + " holds no kernel: neither " + binary + " (LinuxKit's convention; see kernel.binary) nor"
            + " boot/vmlinuz-* (a Debian kernel package)"));
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
        found.ucode, release, modules, kernel.modules().map(Located::value)));
  }

  /** What the layers hold at the names that matter; a later layer's file replaces an earlier one's. */
  private static final class Found {
    ContentRef binary;
    ContentRef vmlinuz;
    Optional<String> release = Optional.empty();
    Optional<ContentRef> ucode = Optional.empty();
    boolean tarball;

    void note(PlanEntry entry, String binaryName, Optional<String> tar, Optional<String> ucodeName) {
      if (!(entry instanceof PlanEntry.File file)) {
        return;
      }
      Matcher vmlinuzName = VMLINUZ.matcher(file.path());
      if (file.path().equals(binaryName)) {
        binary = file.content();
      } else if (tar.filter(file.path()::equals).isPresent()) {
        tarball = true;
      } else if (ucodeName.filter(file.path()::equals).isPresent()) {
        ucode = Optional.of(file.content());
      } else if (vmlinuzName.matches()) {
        vmlinuz = file.content();
        release = Optional.of(vmlinuzName.group(1));
      }
    }

    Optional<ContentRef> kernel() {
      return Optional.ofNullable(binary != null ? binary : vmlinuz);
    }
  }

  private static SortedMap<String, KernelModule> modules(List<PlanEntry> tree, SortedMap<String, ModInfo> modinfo) {
    SortedMap<String, KernelModule> modules = new TreeMap<>();
    for (PlanEntry entry : tree) {
      ModInfo info = modinfo.get(entry.path());
      if (entry instanceof PlanEntry.File && info != null) {
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
    List<String> releases = tree.stream().map(e -> MODULE_TREE.matcher(e.path())).filter(Matcher::matches)
        .map(m -> m.group(1)).distinct().toList();
    return releases.size() == 1 ? Optional.of(releases.get(0)) : Optional.empty();
  }

  private static String relative(String path) {
    return path.replaceFirst("^/+", "");
  }
}
