package dev.imgc.image;

import dev.imgc.image.deb.AptPackages;
import dev.imgc.image.deb.ForeignPackageLists;
import dev.imgc.image.importer.ForeignImageImporter;
import dev.imgc.image.importer.ImportOptions;
import dev.imgc.image.importer.RootfsImporter;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.registry.RegistriesConf;
import dev.imgc.image.registry.RegistryClient;
import dev.imgc.image.store.ImageCopier;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns an {@link ImageSource} into an image in the store: a registry reference is looked up in the
 * store first and pulled when the {@link PullPolicy} allows; a transport is imported. This is what
 * the command line's {@code imgc image} commands and the build's lowering stage call. Every image is
 * for the platform of the {@link ImportOptions}: {@code deb:} packages are resolved for it, and an
 * image whose config names another is refused.
 */
public final class ImageResolver {
  /** The domain of the store names of images a spec names by a transport (never a real registry: .invalid). */
  public static final String IMPORT_DOMAIN = "import.imgc.invalid";

  private final ImageStore store;
  private final FetchSettings fetch;
  private final ImportOptions options;
  private final Progress progress;
  private final FileDigests digests;

  /** @param options how a transport's files become an image (its config, platform and times) */
  public ImageResolver(ImageStore store, FetchSettings fetch, ImportOptions options, Progress progress) {
    this.store = store;
    this.fetch = fetch;
    this.options = options;
    this.progress = progress;
    this.digests = FileDigests.inCache(fetch.cache());
  }

  /** The image {@code source} names, importing or pulling it if needed; refused when it is for another platform. */
  public StoredImage resolve(ImageSource source) {
    StoredImage image = find(source);
    Platform wanted = options.platform();
    Platform its = image.config().platform();
    boolean otherArchitecture = its.architecture() != null && !its.architecture().equals(wanted.architecture());
    boolean otherOs = its.os() != null && !its.os().equals(wanted.os());
    if (otherArchitecture || otherOs) {
      throw new PlatformMismatchException(image.name() + " is an image for " + its + ", not for " + wanted
          + ", the platform built for; name its " + wanted.architecture() + " variant, or build with --platform " + its);
    }
    return image;
  }

  private StoredImage find(ImageSource source) {
    if (source instanceof ImageSource.Registry registry) {
      String name = registry.reference().normalized();
      if (fetch.policy() == PullPolicy.ALWAYS || (fetch.policy() == PullPolicy.MISSING && store.find(name).isEmpty())) {
        return pull(registry.reference());
      }
      if (store.find(name).isEmpty()) {
        throw new ImageException("the store " + store.root() + " has no image " + name + ", and --offline forbids pulling it");
      }
      progress.phase("using " + name + " from the store " + store.root());
      return StoredImage.load(store, name);
    }
    return importAs(importName(source, options.platform()), source);
  }

  /**
   * The digest of the single-platform manifest a registry reference stands for, found as
   * {@link #resolve} would find the image but without fetching a layer: the store's, or (as the pull
   * policy allows) the registry's, chosen from its index for the platform. Empty under
   * {@code --offline} for an image the store does not have.
   */
  public java.util.Optional<Digest> manifestDigest(ImageReference reference) {
    String name = reference.normalized();
    if (fetch.policy() != PullPolicy.ALWAYS && store.find(name).isPresent()) {
      return store.find(name).map(Descriptor::digest);
    }
    if (fetch.policy() == PullPolicy.NEVER) {
      return java.util.Optional.empty();
    }
    RegistryClient client = fetch.registries().client(fetch.registries().conf().pullEndpoints(reference).get(0));
    try {
      RegistryClient.Resolved root = client.resolve(reference.digest().orElseGet(() -> reference.tag().orElseThrow()));
      if (!dev.imgc.image.oci.MediaTypes.isIndex(root.descriptor().mediaType())) {
        return java.util.Optional.of(root.descriptor().digest());
      }
      dev.imgc.image.oci.Index index = dev.imgc.image.oci.OciJson.mapper().readValue(root.bytes(), dev.imgc.image.oci.Index.class);
      return java.util.Optional.of(ImageCopier.select(index, fetch.platform(), name).digest());
    } catch (IOException | ImageException e) {
      throw new ImageException("cannot look up " + reference + ": " + e.getMessage(), e);
    }
  }

  /**
   * The store name of an image a spec names by a transport: {@code import.imgc.invalid/TRANSPORT:HASH},
   * the hash taken from the source's written form, so the same source always gets the same name; for
   * another platform than the host's, from the platform too, as the same source gives another image
   * for it (other packages, another config).
   */
  public static String importName(ImageSource source, Platform platform) {
    String transport = source.text().substring(0, source.text().indexOf(':'));
    String text = platform.architecture().equals(Platform.host().architecture()) ? source.text()
        : source.text() + " for " + platform;
    return IMPORT_DOMAIN + "/" + transport + ":" + Digest.of(text.getBytes(StandardCharsets.UTF_8)).shortHex();
  }

  /** Pulls {@code reference} from its registry and names it in the store. */
  public StoredImage pull(ImageReference reference) {
    if (fetch.policy() == PullPolicy.NEVER) {
      throw new ImageException("cannot pull " + reference + " with --offline");
    }
    List<RegistriesConf.Endpoint> endpoints = fetch.registries().conf().pullEndpoints(reference);
    ImageException failed = null;
    for (RegistriesConf.Endpoint endpoint : endpoints) {
      progress.phase("pulling " + reference + " from the registry " + endpoint.registry());
      RegistryClient client = fetch.registries().client(endpoint);
      try {
        RegistryClient.Resolved root = client.resolve(reference.digest().orElseGet(() -> reference.tag().orElseThrow()));
        store.putBlob(root.descriptor().mediaType(), root.bytes());
        Descriptor manifest = new ImageCopier(store, progress).copy(client.blobs(), root.descriptor(), options.platform(),
            reference.normalized());
        store.tag(reference.normalized(), manifest);
        return StoredImage.load(store, reference.normalized());
      } catch (IOException | ImageException e) {
        // A mirror that fails is passed over for the next place; the last place's failure is the one told.
        failed = new ImageException("cannot pull " + reference + (endpoints.size() > 1 ? " (tried " + endpoints.size()
            + " places registries.conf gives)" : "") + ": " + e.getMessage(), e);
      }
    }
    throw failed;
  }

  /**
   * Imports {@code source} (a transport, or a registry reference to copy) and names it
   * {@code reference}, normalised ({@code test/x} is stored as {@code docker.io/test/x:latest}).
   */
  public StoredImage importAs(String reference, ImageSource source) {
    String name;
    try {
      name = ImageReference.parse(reference).normalized();
    } catch (InvalidReferenceException e) {
      throw new ImageException("'" + reference + "' is not a valid image name: " + e.getMessage(), e);
    }
    try {
      progress.phase("importing " + source.text() + " as " + name);
      Descriptor manifest = importManifest(source);
      store.tag(name, manifest);
      return StoredImage.load(store, name);
    } catch (IOException e) {
      throw new ImageException("cannot import " + source.text() + ": " + e.getMessage(), e);
    }
  }

  private Descriptor importManifest(ImageSource source) throws IOException {
    RootfsImporter rootfs = new RootfsImporter(store, options, progress);
    ForeignImageImporter archives = new ForeignImageImporter(store, options, progress);
    if (source instanceof ImageSource.Registry registry) {
      return resolve(registry).descriptor();
    } else if (source instanceof ImageSource.Dir dir) {
      return rootfs.directory(dir.dir());
    } else if (source instanceof ImageSource.Tar tar) {
      return ImportMemo.remember(store, digests, "tar", List.of(tar.file()), options, () -> rootfs.tarball(tar.file()));
    } else if (source instanceof ImageSource.DebFiles debs) {
      return ImportMemo.remember(store, digests, "deb", debs.files(), options, () -> rootfs.debs(debs.files()));
    } else if (source instanceof ImageSource.DebPackages packages) {
      AptPackages apt = AptPackages.forPlatform(AptPackages.cacheIn(fetch.cache()),
          ForeignPackageLists.rootIn(fetch.cache()), digests, options.platform(), fetch.policy() == PullPolicy.NEVER,
          fetch.registries().timeouts(), fetch.environment(), progress);
      List<Path> files = fetch.policy() == PullPolicy.NEVER ? apt.fromCache(packages.names()) : apt.fetch(packages.names());
      return ImportMemo.remember(store, digests, "deb", files, options, () -> rootfs.debs(files));
    } else if (source instanceof ImageSource.OciArchive archive) {
      return archives.ociArchive(archive.file(), archive.tag());
    } else if (source instanceof ImageSource.DockerArchive archive) {
      return archives.dockerArchive(archive.file(), archive.tag());
    } else {
      ImageSource.OciDir oci = (ImageSource.OciDir) source;
      return archives.ociLayout(oci.dir(), oci.tag());
    }
  }
}
