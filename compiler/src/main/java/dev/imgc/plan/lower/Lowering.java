package dev.imgc.plan.lower;

import dev.imgc.image.ImageException;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.Bundle;
import dev.imgc.plan.ContainerIds;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.KernelPlan;
import dev.imgc.plan.PassReport;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import dev.imgc.plan.PruneRule;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Mount;
import dev.imgc.spec.model.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Lowers a spec and its images to a {@link BuildPlan}, laid out as LinuxKit lays out its root
 * filesystem: the kernel's module tree, the init images unpacked at {@code /}, one bundle per
 * onboot, onshutdown and service entry under {@code containers/}, then the {@code files:} entries.
 * Each layer is read once whatever number of containers use it; nothing is written anywhere.
 */
public final class Lowering {
  private static final dev.imgc.fs.Metadata PLAIN_FILE = new dev.imgc.fs.Metadata(0644, 0, 0, 0);
  private static final dev.imgc.fs.Metadata DIRECTORY = new dev.imgc.fs.Metadata(0755, 0, 0, 0);

  private final ImageProvider images;
  private final BundleConfigGenerator configs;
  private final Options options;
  private final Map<String, ResolvedImage> resolved = new HashMap<>();

  /**
   * @param sourceDateEpoch the latest time an entry may carry
   * @param home where {@code ~/} in a {@code source} points
   */
  public record Options(long sourceDateEpoch, Path home) {}

  private Lowering(ImageProvider images, BundleConfigGenerator configs, Options options) {
    this.images = images;
    this.configs = configs;
    this.options = options;
  }

  /**
   * @throws LoweringException for a spec its images cannot satisfy (a missing image, kernel or
   *     module, a file source that is not there), at the place in the spec that asks for it
   */
  public static BuildPlan lower(Spec spec, ImageProvider images, BundleConfigGenerator configs, Options options) {
    return new Lowering(images, configs, options).lower(spec);
  }

  private BuildPlan lower(Spec spec) {
    LayerCache layers = new LayerCache(new LayerScanner(images.blobs()));
    Placement placement = new Placement(layers);
    ImageProvider cached = new ImageProvider() {
      @Override
      public ResolvedImage resolve(String reference) {
        return resolved.computeIfAbsent(reference, images::resolve);
      }

      @Override
      public dev.imgc.image.store.BlobSource blobs() {
        return images.blobs();
      }
    };
    Optional<KernelPlan> kernel = KernelLowering.lower(spec.kernel(), cached, placement);
    for (int i = 0; i < spec.init().size(); i++) {
      Located<String> reference = spec.init().get(i);
      ResolvedImage image = resolve(cached, reference);
      placement.image(image, "", Provenance.ofImage("init[" + i + "]", image.name()), true, reference.source());
    }
    ContainerIds ids = containerIds(spec);
    List<Bundle> bundles = new ArrayList<>();
    List<PruneRule> pruneRules = new ArrayList<>();
    bundles(Bundle.Kind.ONBOOT, spec.onboot(), ids, cached, placement, bundles, pruneRules);
    bundles(Bundle.Kind.ONSHUTDOWN, spec.onshutdown(), ids, cached, placement, bundles, pruneRules);
    bundles(Bundle.Kind.SERVICE, spec.services(), ids, cached, placement, bundles, pruneRules);
    new FilesLowering(spec, ids, options.home(), placement).lower();
    spec.prune().forEach(glob -> pruneRules.add(new PruneRule("", glob.value(), Provenance.of("prune"))));

    List<PlanEntry> rootfs = placement.entries();
    TreeMap<String, Long> figures = new TreeMap<>();
    figures.put("images", (long) resolved.size());
    figures.put("layersRead", layers.reads());
    figures.put("layersPlaced", layers.uses());
    figures.put("layerBytesRead", layers.tarBytes());
    figures.put("entries", (long) rootfs.size());
    figures.put("entriesSanitised", placement.sanitised());
    PassReport report = new PassReport("lower", 0, 0, figures);
    return new BuildPlan(kernel, rootfs, bundles, pruneRules, options.sourceDateEpoch(), List.of(report), placement.warnings());
  }

  /** LinuxKit's ids for containers named as owners: 100, 101, … in onboot, onshutdown, services order. */
  static ContainerIds containerIds(Spec spec) {
    Map<String, Long> ids = new TreeMap<>();
    long next = ContainerIds.FIRST;
    for (List<ImageSpec> section : List.of(spec.onboot(), spec.onshutdown(), spec.services())) {
      for (ImageSpec image : section) {
        ids.put(image.name().value(), next++);
      }
    }
    return new ContainerIds(new TreeMap<>(ids));
  }

  private void bundles(Bundle.Kind kind, List<ImageSpec> section, ContainerIds ids, ImageProvider cached,
      Placement placement, List<Bundle> bundles, List<PruneRule> pruneRules) {
    for (int i = 0; i < section.size(); i++) {
      ImageSpec spec = section.get(i);
      ResolvedImage image = resolve(cached, spec.image());
      BundleConfig config = configs.generate(spec, image.config(), ids);
      String prefix = kind == Bundle.Kind.SERVICE ? "" : String.format("%03d-", i);
      String directory = "containers/" + kind.section() + "/" + prefix + spec.name().value();
      Bundle bundle = new Bundle(kind, i, spec.name().value(), directory, image.name(), image.manifest(), config.readonlyRoot());
      Provenance provenance = Provenance.ofImage(bundle.location(), image.name());
      placement.directories(bundle.imageRoot(), provenance);
      placement.image(image, bundle.imageRoot(), provenance, false, spec.image().source());
      placement.add(new PlanEntry.File(directory + "/config.json", Attributes.of(PLAIN_FILE, provenance),
          ContentRef.Inline.of(config.configJson())));
      List<Mount> rootfsMounts = rootfsMounts(bundle);
      if (!bundle.readonlyRoot()) {
        placement.add(new PlanEntry.Directory(directory + "/tmp", Attributes.of(DIRECTORY, provenance)));
        placement.add(new PlanEntry.Directory(directory + "/rootfs", Attributes.of(DIRECTORY, provenance)));
      }
      placement.add(new PlanEntry.File(directory + "/runtime.json", Attributes.of(PLAIN_FILE, provenance),
          ContentRef.Inline.of(RuntimeJson.render(config.runtime(), rootfsMounts))));
      spec.config().prune().ifPresent(globs -> globs.value().forEach(glob ->
          pruneRules.add(new PruneRule(bundle.imageRoot(), glob, Provenance.of(bundle.location() + ".prune")))));
      bundles.add(bundle);
    }
  }

  /**
   * The mounts that make a bundle's {@code rootfs/}, as LinuxKit's init expects them in runtime.json:
   * a read-only root is bound onto itself (runc wants a mount point); a writable one is an overlay
   * of the image on a tmpfs.
   */
  private static List<Mount> rootfsMounts(Bundle bundle) {
    String dir = "/" + bundle.directory();
    if (bundle.readonlyRoot()) {
      return List.of(new Mount(dir + "/rootfs", "", "/" + bundle.imageRoot(), List.of("bind")));
    }
    return List.of(
        new Mount(dir + "/tmp", "tmpfs", "tmpfs", List.of()),
        new Mount(dir + "/tmp", "", "", List.of("remount", "private")),
        new Mount(dir + "/rootfs", "overlay", "overlay",
            List.of("lowerdir=/" + bundle.imageRoot(), "upperdir=" + dir + "/tmp/upper", "workdir=" + dir + "/tmp/work")));
  }

  static ResolvedImage resolve(ImageProvider images, Located<String> reference) {
    try {
      return images.resolve(reference.value());
    } catch (ImageException e) {
      throw new LoweringException(reference.source(), e.getMessage(), e);
    }
  }
}
