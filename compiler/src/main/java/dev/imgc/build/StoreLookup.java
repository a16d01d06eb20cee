package dev.imgc.build;

import dev.imgc.image.ImageException;
import dev.imgc.image.ImageResolver;
import dev.imgc.image.ImageSource;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.StoredImage;
import dev.imgc.image.UserHome;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.store.BlobSource;
import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.KernelModule;
import dev.imgc.plan.lower.LoweringImages;
import dev.imgc.plan.lower.Lowering;
import dev.imgc.plan.lower.LoweringException;
import dev.imgc.plan.lower.ResolvedImage;
import dev.imgc.plan.runtime.LinuxKitBundleConfigs;
import dev.imgc.spec.Position;
import dev.imgc.spec.model.Kernel;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Source;
import dev.imgc.spec.model.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an editor asks of the local image store: which images it holds, what it knows of one, which
 * modules a kernel image has. It only reads: nothing is pulled, imported or written, so an image a
 * spec names is known only once a build or {@code imgc image pull}/{@code import} has stored it.
 */
public final class StoreLookup {
  /** Where the store keeps what a spec's transports import: not names a person writes. */
  private static final String IMPORTS = "import.imgc.invalid/";

  private final ImageStore store;
  private final Path cache;
  private final Map<String, String> environment;
  private final Map<String, Optional<SortedSet<String>>> modules = new ConcurrentHashMap<>();

  /**
   * @param cache imgc's cache directory, whose layer listings make a kernel's modules quick to find again
   */
  public StoreLookup(Path store, Path cache, Map<String, String> environment) {
    this.store = ImageStore.open(store);
    this.cache = cache;
    this.environment = Map.copyOf(environment);
  }

  /** The names of the images in the store, sorted; imports of a spec's transports are left out. */
  public List<String> imageNames() {
    try {
      return names();
    } catch (ImageException e) {
      return List.of(); // an index being replaced or damaged: nothing to offer this time
    }
  }

  private List<String> names() {
    return store.images().stream()
        .filter(d -> MediaTypes.isManifest(d.mediaType()))
        .flatMap(d -> d.refName().stream())
        .filter(name -> !name.startsWith(IMPORTS))
        .sorted()
        .toList();
  }

  /** What the store knows of the image a spec names as {@code reference}; empty when it is not there or unreadable. */
  public Optional<ImageFacts> image(String reference) {
    return stored(reference).map(image -> {
      long size = image.manifest().config().size() + image.manifest().layers().stream().mapToLong(Descriptor::size).sum();
      SortedMap<String, String> labels = new TreeMap<>();
      if (image.config().config() != null && image.config().config().labels() != null) {
        labels.putAll(image.config().config().labels());
      }
      return new ImageFacts(image.name(), image.descriptor().digest().toString(), size, image.config().platform().toString(),
          labels, Optional.ofNullable(labels.get(ImageFacts.MOBY_CONFIG)));
    });
  }

  /**
   * The names of the modules in the kernel image {@code reference}, as {@code kernel.modules} takes
   * them; empty when the image is not in the store or holds no kernel lowering can find. Kept by the
   * image's digest, so a second question about the same image is answered at once.
   */
  public Optional<SortedSet<String>> kernelModules(String reference) {
    Optional<StoredImage> image = stored(reference);
    if (image.isEmpty()) {
      return Optional.empty();
    }
    return modules.computeIfAbsent(image.get().descriptor().digest().toString(), digest -> {
      try {
        return lowerKernel(reference, Optional.empty()).kernel().map(k -> new TreeSet<>(k.modules().keySet()));
      } catch (LoweringException | ImageException e) {
        return Optional.empty();
      }
    });
  }

  /**
   * Why a build would refuse to keep each of {@code names} from the kernel image {@code reference},
   * by name, in the build's own words; a module built into the kernel is not refused (the build only
   * warns). Empty when the image is not in the store.
   */
  public Optional<SortedMap<String, String>> missingModules(String reference, List<String> names) {
    Optional<SortedSet<String>> loadable = kernelModules(reference);
    if (loadable.isEmpty()) {
      return Optional.empty();
    }
    SortedMap<String, String> missing = new TreeMap<>();
    for (String name : names) {
      if (!loadable.get().contains(KernelModule.canonicalName(name))) {
        // rare (a typo, or a module built in): asking lowering itself gives the build's answer and words
        try {
          lowerKernel(reference, Optional.of(List.of(name)));
        } catch (LoweringException e) {
          missing.put(name, e.getMessage());
        } catch (ImageException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(missing);
  }

  private BuildPlan lowerKernel(String reference, Optional<List<String>> keep) {
    Source nowhere = new Source("", Position.START);
    Kernel kernel = new Kernel(Optional.of(new Located<>(reference, nowhere)), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), keep.map(names -> new Located<>(names, nowhere)));
    Spec spec = new Spec(kernel, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    Lowering.Options options = new Lowering.Options(SourceDateEpoch.UNSET, UserHome.directory(environment), Optional.of(cache.resolve("listings")));
    return Lowering.lower(spec, new StoredOnly(), LinuxKitBundleConfigs.of(spec), options);
  }

  /** The store's name of what a spec writes: a registry reference's normalised form, a transport's import name. */
  private static Optional<String> storeName(String reference) {
    try {
      ImageSource source = ImageSource.parse(reference, ImageSource.Syntax.SPEC);
      return Optional.of(source instanceof ImageSource.Registry registry
          ? registry.reference().normalized()
          : ImageResolver.importName(source, Platform.host()));
    } catch (InvalidReferenceException e) {
      return Optional.empty();
    }
  }

  private Optional<StoredImage> stored(String reference) {
    try {
      Optional<String> name = storeName(reference);
      Optional<Descriptor> entry = name.flatMap(store::find);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(StoredImage.load(store, name.get(), entry.get()));
    } catch (ImageException e) {
      return Optional.empty();
    }
  }

  /** Images as they are in the store, never fetched. */
  private final class StoredOnly implements LoweringImages {
    @Override
    public ResolvedImage resolve(String reference) {
      StoredImage image = stored(reference).orElseThrow(() -> new ImageException(reference + " is not in the store"));
      return new ResolvedImage(image.name(), image.descriptor().digest(), image.config(), image.manifest().layers(),
        image.descriptor(), image.manifest().config());
    }

    @Override
    public BlobSource blobs() {
      return store;
    }
  }
}
