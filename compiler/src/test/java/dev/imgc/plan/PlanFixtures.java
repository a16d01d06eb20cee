package dev.imgc.plan;

import dev.imgc.image.UserCache;
import dev.imgc.image.FetchSettings;
import dev.imgc.image.ImageResolver;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.PullPolicy;
import dev.imgc.image.RegistryAccess;
import dev.imgc.image.importer.ImportOptions;
import dev.imgc.image.importer.RootfsImporter;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import dev.imgc.plan.lower.BundleConfig;
import dev.imgc.plan.lower.BundleConfigGenerator;
import dev.imgc.plan.lower.Lowering;
import dev.imgc.plan.lower.StoreImages;
import dev.imgc.spec.SpecLoader;
import dev.imgc.spec.Variables;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.RuntimeSetup;
import dev.imgc.spec.model.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Small images in a temporary store, made the way real ones are laid out: a service image of two
 * layers, an init image, and a Debian-style kernel package whose modules are real (tiny) ELF
 * files with .modinfo sections forming a dependency graph.
 */
public final class PlanFixtures {
  public static final String WEB = "docker.io/test/web:1";
  public static final String INIT = "docker.io/test/init:1";
  public static final String KERNEL = "docker.io/test/kernel:1";
  public static final String RELEASE = "6.1.0-test-amd64";
  public static final String MODULES = "lib/modules/" + RELEASE;
  public static final String LINUXKIT_KERNEL = "docker.io/test/linuxkit-kernel:6.6";
  public static final String SYSCTL = "docker.io/test/sysctl:1";

  /** config.json stand-in: the spec's read-only flag and runtime, nothing else. */
  public static final BundleConfigGenerator CONFIGS = (spec, imageConfig) -> new BundleConfig(
      ("{\"name\":\"" + spec.name().value() + "\"}").getBytes(StandardCharsets.UTF_8),
      spec.config().readonly().map(Located::value).orElse(false),
      spec.config().runtime().map(Located::value)
          .orElse(new RuntimeSetup(List.of(), List.of(), List.of(), List.of(), new TreeMap<>(), Optional.empty())));

  private PlanFixtures() {}

  /** 64 KiB that differ from any other test file's bytes. */
  public static byte[] binary(String seed) {
    byte[] bytes = new byte[64 << 10];
    long x = seed.hashCode();
    for (int i = 0; i < bytes.length; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      bytes[i] = (byte) (x >>> 56);
    }
    return bytes;
  }

  public static void web(ImageStore store) {
    byte[] base = new LayerTar()
        .dir("bin").file("bin/busybox", binary("busybox"), 0755, Map.of())
        .hardlink("bin/sh", "bin/busybox")
        .dir("etc").file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
        .file("etc/hostname", "buildkitsandbox\n").file(".dockerenv", "")
        .dir("usr/share/doc/web").file("usr/share/doc/web/README", "documentation nobody reads\n")
        .bytes();
    byte[] top = new LayerTar()
        .dir("srv").file("srv/index.html", "<p>hello</p>\n")
        .file("etc/.wh.passwd", "")
        .bytes();
    TestImages.put(store, WEB, base, top);
  }

  public static void init(ImageStore store) {
    TestImages.put(store, INIT, new LayerTar()
        .dir("sbin").file("sbin/init", binary("init"), 0755, Map.of())
        .dir("bin").file("bin/busybox", binary("busybox"), 0755, Map.of())
        .bytes());
  }

  /**
   * A kernel package: vmlinuz and eleven modules, of which virtio_net and virtio_pci need four more,
   * and overlay, which a writable container root needs.
   */
  public static void kernel(ImageStore store) {
    TestImages.put(store, KERNEL, kernelTar());
  }

  /**
   * The same kernel package imported as {@code imgc image import} does a rootfs tarball (one
   * gzip'd layer, every time the import's), to take the path real images take into the store.
   */
  public static void kernelImported(ImageStore store, Path dir) throws IOException {
    Path tarball = dir.resolve("kernel.tar");
    Files.write(tarball, kernelTar());
    ImportOptions options = new ImportOptions(RuntimeConfig.EMPTY, Platform.DEFAULT, SourceDateEpoch.of(1_500_000_000L));
    store.tag(KERNEL, new RootfsImporter(store, options, Progress.NONE).tarball(tarball));
  }

  private static byte[] kernelTar() {
    LayerTar layer = new LayerTar()
        .dir("boot").file("boot/vmlinuz-" + RELEASE, binary("vmlinuz"), 0644, Map.of())
        .dir("lib").dir("lib/modules").dir(MODULES).dir(MODULES + "/kernel");
    module(layer, "drivers/net/virtio_net.ko", "virtio_net", List.of("net_failover"), List.of("virtio:d00000001v*"));
    module(layer, "drivers/net/net_failover.ko", "net_failover", List.of("failover"), List.of());
    module(layer, "net/core/failover.ko", "failover", List.of(), List.of());
    module(layer, "drivers/virtio/virtio_pci.ko", "virtio_pci", List.of("virtio_pci_legacy_dev", "virtio_pci_modern_dev"),
        List.of("pci:v00001AF4d*sv*sd*bc*sc*i*"));
    module(layer, "drivers/virtio/virtio_pci_legacy_dev.ko", "virtio_pci_legacy_dev", List.of(), List.of());
    module(layer, "drivers/virtio/virtio_pci_modern_dev.ko", "virtio_pci_modern_dev", List.of(), List.of());
    module(layer, "fs/ext4/ext4.ko", "ext4", List.of("mbcache", "jbd2"), List.of("fs-ext4"));
    module(layer, "fs/jbd2/jbd2.ko", "jbd2", List.of(), List.of());
    module(layer, "fs/mbcache.ko", "mbcache", List.of(), List.of());
    module(layer, "fs/overlayfs/overlay.ko", "overlay", List.of(), List.of("fs-overlay"));
    module(layer, "drivers/net/ethernet/intel/e1000/e1000.ko", "e1000", List.of(), List.of("pci:v00008086d0000100Esv*sd*bc*sc*i*"));
    layer.file(MODULES + "/modules.order", "kernel/fs/ext4/ext4.ko\n");
    layer.file(MODULES + "/modules.builtin", "kernel/drivers/block/virtio_blk.ko\nkernel/crypto/crc32c_generic.ko\n");
    layer.file(MODULES + "/modules.dep.bin", "stale");
    return layer.bytes();
  }

  /** LinuxKit's convention: /kernel, /kernel.tar holding the module tree, /ucode.cpio. */
  public static void linuxkitKernel(ImageStore store) {
    String tree = "lib/modules/6.6.1-linuxkit";
    LayerTar modules = new LayerTar().dir("lib").dir("lib/modules").dir(tree).dir(tree + "/kernel")
        .dir(tree + "/kernel/fs").dir(tree + "/kernel/fs/fuse")
        .file(tree + "/kernel/fs/fuse/fuse.ko", TinyModule.elf("fuse", List.of(), List.of("fs-fuse")), 0644, Map.of())
        .file(tree + "/modules.dep", "kernel/fs/fuse/fuse.ko:\n");
    TestImages.put(store, LINUXKIT_KERNEL, new LayerTar()
        .file("kernel", binary("bzImage"), 0644, Map.of())
        .file("kernel.tar", modules.bytes(), 0644, Map.of())
        .file("ucode.cpio", binary("ucode"), 0644, Map.of())
        .bytes());
  }

  /** A one-file onboot image, like linuxkit/sysctl. */
  public static void sysctl(ImageStore store) {
    TestImages.put(store, SYSCTL, new LayerTar().dir("usr/bin").file("usr/bin/sysctl", binary("sysctl"), 0755, Map.of()).bytes());
  }

  private static void module(LayerTar layer, String path, String name, List<String> depends, List<String> aliases) {
    String full = MODULES + "/kernel/" + path;
    String[] parts = full.split("/");
    for (int i = 4; i < parts.length - 1; i++) {
      layer.dir(String.join("/", java.util.Arrays.copyOf(parts, i + 1)));
    }
    layer.file(full, TinyModule.elf(name, depends, aliases), 0644, Map.of());
  }

  /** The store's images only, as {@code --offline} has it. */
  public static StoreImages offline(ImageStore store) {
    ImportOptions options = new ImportOptions(RuntimeConfig.EMPTY, Platform.DEFAULT, SourceDateEpoch.UNSET);
    FetchSettings fetch = new FetchSettings(PullPolicy.NEVER, Platform.DEFAULT,
        RegistryAccess.load(Set.of(), NetworkTimeouts.DEFAULT, Map.of()), UserCache.directory(Map.of()));
    return new StoreImages(store, new ImageResolver(store, fetch, options, Progress.NONE), true);
  }

  /** The plan's entries by path; a later entry at the same path wins, as flattening has it. */
  public static Map<String, PlanEntry> byPath(BuildPlan plan) {
    Map<String, PlanEntry> tree = new java.util.LinkedHashMap<>();
    plan.rootfs().forEach(e -> tree.put(e.path(), e));
    return tree;
  }

  /** Loads spec text with the real front end; fails the test on any diagnostic error. */
  public static Spec spec(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("spec.yml");
    Files.writeString(file, yaml);
    SpecLoader.Result result = SpecLoader.load(List.of(file), Variables.none());
    return result.spec().orElseThrow(() -> new AssertionError(result.diagnostics().toString()));
  }

  public static BuildPlan lower(Spec spec, ImageStore store) {
    return lower(spec, store, false);
  }

  /** Lowers {@code spec}, keeping the boot stage's modules when {@code bootStage} (a root on a disk). */
  public static BuildPlan lower(Spec spec, ImageStore store, boolean bootStage) {
    return Lowering.lower(spec, offline(store), CONFIGS,
        new Lowering.Options(SourceDateEpoch.of(1_600_000_000L), Path.of("/nonexistent")).withBootStage(bootStage));
  }
}
