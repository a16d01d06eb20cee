package dev.imgc.plan.lower;

import dev.imgc.image.ImageException;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.Bundle;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.KernelPlan;
import dev.imgc.plan.PassReport;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import dev.imgc.plan.PruneRule;
import dev.imgc.plan.runtime.IdAllocator;
import dev.imgc.plan.runtime.RuntimeJson;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Spec;
import dev.imgc.spec.model.VolumeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Lowers a spec and its images to a {@link BuildPlan}, laid out as LinuxKit lays out its root
 * filesystem: the kernel's module tree, the init images unpacked at {@code /}, the volumes, one
 * bundle per onboot, onshutdown and service entry under {@code containers/}, then the
 * {@code files:} entries.
 * Each layer is read once whatever number of containers use it, and not at all when the listing
 * cache kept its listing; nothing else is written anywhere.
 */
public final class Lowering {
  private final LoweringImages images;
  private final BundleConfigGenerator configs;
  private final Options options;

  /**
   * @param sourceDateEpoch when set, the latest time an entry may carry; the time of what imgc adds
   * @param home where {@code ~/} in a {@code source} points
   * @param listingCache where layer listings are kept between builds, so that an unchanged layer is
   *     not read again; empty to keep none
   * @param bootStage whether the appliance is written with its root on a disk, so the modules the boot
   *     stage loads to mount it are kept ({@link ImpliedModules})
   */
  public record Options(SourceDateEpoch sourceDateEpoch, Path home, Optional<Path> listingCache, boolean bootStage) {
    /** Options that keep no layer listings. */
    public Options(SourceDateEpoch sourceDateEpoch, Path home) {
      this(sourceDateEpoch, home, Optional.empty());
    }

    /** Options for an appliance whose root is in its initrd. */
    public Options(SourceDateEpoch sourceDateEpoch, Path home, Optional<Path> listingCache) {
      this(sourceDateEpoch, home, listingCache, false);
    }

    /** These options, with the boot stage's modules kept or not. */
    public Options withBootStage(boolean kept) {
      return new Options(sourceDateEpoch, home, listingCache, kept);
    }
  }

  private Lowering(LoweringImages images, BundleConfigGenerator configs, Options options) {
    this.images = images;
    this.configs = configs;
    this.options = options;
  }

  /**
   * @throws LoweringException for a spec its images cannot satisfy (a missing image, kernel or
   *     module, a file source that is not there), at the place in the spec that asks for it
   */
  public static BuildPlan lower(Spec spec, LoweringImages images, BundleConfigGenerator configs, Options options) {
    return new Lowering(images, configs, options).lower(spec);
  }

  private BuildPlan lower(Spec spec) {
    LayerCache layers = new LayerCache(new LayerScanner(images.blobs()), new ListingCache(options.listingCache()));
    Placement placement = new Placement(layers, !rootOnly(spec), options.sourceDateEpoch().generated());
    MemoizedImages cached = new MemoizedImages(images);
    Optional<KernelPlan> lowered = KernelLowering.lower(spec.kernel(), cached, placement);
    List<ResolvedImage> inits = new ArrayList<>();
    for (int i = 0; i < spec.init().size(); i++) {
      Located<String> reference = spec.init().get(i);
      ResolvedImage image = resolve(cached, reference);
      placement.image(image, "", Provenance.ofImage("init[" + i + "]", image.name()), true, reference.source());
      inits.add(image);
    }
    // a root made of one image alone is that image, and runs as it does
    Optional<RuntimeConfig> rootConfig = rootOnly(spec) && inits.size() == 1
        ? Optional.ofNullable(inits.get(0).config().config()) : Optional.empty();
    List<String> imageRoots = volumes(spec.volumes(), cached, placement);
    List<Bundle> bundles = new ArrayList<>();
    List<PruneRule> pruneRules = new ArrayList<>();
    bundles(Bundle.Kind.ONBOOT, spec.onboot(), cached, placement, bundles, pruneRules);
    bundles(Bundle.Kind.ONSHUTDOWN, spec.onshutdown(), cached, placement, bundles, pruneRules);
    bundles(Bundle.Kind.SERVICE, spec.services(), cached, placement, bundles, pruneRules);
    Optional<KernelPlan> kernel = lowered.map(k -> ImpliedModules.of(k, bundles, options.bootStage()));
    new FilesLowering(spec, IdAllocator.of(spec), options.home(), placement).lower();
    spec.prune().forEach(glob -> pruneRules.add(new PruneRule("", glob.value(), Provenance.of("prune"))));

    List<PlanEntry> rootfs = placement.entries();
    TreeMap<String, Long> figures = new TreeMap<>();
    figures.put("images", cached.count());
    // layersRead and layerBytesRead count the layers the plan draws on, listed once each whether the
    // listing cache held them or they were scanned, so that a plan is the same text either way
    figures.put("layersRead", layers.listed());
    figures.put("layersPlaced", layers.uses());
    figures.put("layerBytesRead", layers.tarBytes());
    figures.put("entries", (long) rootfs.size());
    figures.put("entriesSanitised", placement.sanitised());
    PassReport report = new PassReport("lower", 0, 0, figures);
    bundles.forEach(b -> imageRoots.add(b.imageRoot()));
    return new BuildPlan(kernel, rootfs, bundles, imageRoots, pruneRules, options.sourceDateEpoch(), List.of(report), placement.warnings(),
        placement.locations(), rootConfig);
  }

  /**
   * Whether {@code spec} describes a root filesystem alone: no kernel and no container, so nothing
   * will boot it or run LinuxKit's init on it, and its images are laid down as they are, without the
   * entries LinuxKit adds to every image (its tar or OCI output round-trips an imported rootfs).
   */
  static boolean rootOnly(Spec spec) {
    return spec.kernel().image().isEmpty() && spec.onboot().isEmpty() && spec.onshutdown().isEmpty()
        && spec.services().isEmpty();
  }

  /**
   * LinuxKit's volumes: each at {@code containers/volumes/NAME/}, its image (if any) unpacked in
   * {@code lower/} as an init image is (or, with {@code format: oci}, laid out there as an OCI image
   * layout: {@link OciLayoutVolume}), with {@code tmp/} and {@code merged/} for the overlay
   * LinuxKit's init mounts there. Returns the volumes' image roots.
   */
  private static List<String> volumes(List<VolumeSpec> volumes, LoweringImages cached, Placement placement) {
    List<String> roots = new ArrayList<>();
    for (int i = 0; i < volumes.size(); i++) {
      VolumeSpec volume = volumes.get(i);
      String base = "containers/volumes/" + volume.name().value();
      Provenance provenance = Provenance.of("volumes[" + i + "]");
      placement.directories(base + "/lower", provenance);
      boolean ociLayout = volume.format().filter(f -> f.value().equals("oci")).isPresent();
      if (volume.image().isPresent()) {
        ResolvedImage image = resolve(cached, volume.image().get());
        Provenance fromImage = Provenance.ofImage(provenance.location(), image.name());
        if (ociLayout) {
          placement.locate(provenance.location(), volume.image().get().source());
          OciLayoutVolume.lay(image, base + "/lower", fromImage, placement);
        } else {
          placement.image(image, base + "/lower", fromImage, true, volume.image().get().source());
        }
      }
      placement.locate(provenance.location(), volume.name().source());
      Attributes dir = Attributes.of(placement.generated(0755), provenance);
      placement.add(new PlanEntry(base + "/tmp", dir, new PlanEntry.Directory()));
      placement.add(new PlanEntry(base + "/merged", dir, new PlanEntry.Directory()));
      roots.add(base + "/lower");
    }
    return roots;
  }

  private void bundles(Bundle.Kind kind, List<ImageSpec> section, LoweringImages cached,
      Placement placement, List<Bundle> bundles, List<PruneRule> pruneRules) {
    for (int i = 0; i < section.size(); i++) {
      ImageSpec spec = section.get(i);
      ResolvedImage image = resolve(cached, spec.image());
      BundleConfig config = configs.generate(spec, image.config());
      String prefix = kind == Bundle.Kind.SERVICE ? "" : String.format("%03d-", i);
      String directory = "containers/" + kind.section() + "/" + prefix + spec.name().value();
      Bundle bundle = new Bundle(kind, i, spec.name().value(), directory, image.name(), image.manifest(), config.readonlyRoot());
      Provenance provenance = Provenance.ofImage(bundle.location(), image.name());
      placement.directories(bundle.imageRoot(), provenance);
      placement.image(image, bundle.imageRoot(), provenance, false, spec.image().source());
      Attributes file = Attributes.of(placement.generated(0644), provenance);
      Attributes dir = Attributes.of(placement.generated(0755), provenance);
      placement.add(new PlanEntry(directory + "/config.json", file, new PlanEntry.File(ContentRef.Inline.of(config.configJson()))));
      if (!bundle.readonlyRoot()) {
        placement.add(new PlanEntry(directory + "/tmp", dir, new PlanEntry.Directory()));
        placement.add(new PlanEntry(directory + "/rootfs", dir, new PlanEntry.Directory()));
      }
      byte[] runtime = RuntimeJson.write(config.runtime(), directory, bundle.imageRoot(), bundle.readonlyRoot());
      placement.add(new PlanEntry(directory + "/runtime.json", file, new PlanEntry.File(ContentRef.Inline.of(runtime))));
      spec.config().prune().ifPresent(globs -> globs.value().forEach(glob ->
          pruneRules.add(new PruneRule(bundle.imageRoot(), glob, Provenance.of(bundle.location() + ".prune")))));
      bundles.add(bundle);
    }
  }

  static ResolvedImage resolve(LoweringImages images, Located<String> reference) {
    try {
      return images.resolve(reference.value());
    } catch (ImageException e) {
      throw new LoweringException(reference.source(), e.getMessage(), e);
    }
  }
}
