package dev.imgc.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.PassReport;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.PlanFixtures;
import dev.imgc.plan.lower.LoweringException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headline: three services share one image, and a Debian kernel (imported as a rootfs
 * tarball is, into a gzip'd layer) keeps two modules. The plan reads each layer once, keeps the
 * services' identical files distinct, cuts the module tree to the closure (with overlay, for the
 * writable roots) with fresh indexes, and says so in figures.
 */
class HeadlinePlanTest {
  private static final String SPEC = """
      kernel:
        image: test/kernel:1
        cmdline: console=ttyS0
        modules: [virtio_net, virtio-pci]
      init:
        - test/init:1
      services:
        - name: web1
          image: test/web:1
        - name: web2
          image: test/web:1
        - name: web3
          image: test/web:1
          readonly: true
          prune: [usr/share/doc]
      """;

  @TempDir static Path dir;
  static BuildPlan plan;
  static Map<String, PlanEntry> tree;

  @BeforeAll
  static void plan() throws Exception {
    ImageStore store = ImageStore.open(dir.resolve("store"));
    PlanFixtures.web(store);
    PlanFixtures.init(store);
    PlanFixtures.kernelImported(store, dir);
    plan = Passes.run(PlanFixtures.lower(PlanFixtures.spec(dir, SPEC), store), Set.of());
    tree = PlanFixtures.byPath(plan);
  }

  private static PassReport report(String name) {
    return plan.passes().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theOptimizedPlanIsWellFormed() {
    WellFormedPlan.check(plan);
  }

  @Test
  void eachLayerIsReadOnceThoughPlacedForEveryService() {
    PassReport lower = report("lower");
    assertEquals(3, lower.figures().get("images"));
    assertEquals(4, lower.figures().get("layersRead"), "kernel 1 + init 1 + web 2");
    assertEquals(8, lower.figures().get("layersPlaced"), "kernel 1 + init 1 + web 2 for each of three services");
  }

  @Test
  void equalFilesOfDifferentContainersStayDistinctFiles() {
    // one inode under two containers' roots would let a write in one show in the other
    for (String path : new String[] {"bin/busybox", "containers/services/web1/lower/bin/busybox",
        "containers/services/web2/lower/bin/busybox", "containers/services/web3/rootfs/bin/busybox"}) {
      assertInstanceOf(PlanEntry.File.class, tree.get(path).node(), path);
    }
    PlanEntry.HardLink sh = assertInstanceOf(PlanEntry.HardLink.class, tree.get("containers/services/web1/lower/bin/sh").node(),
        "the image's own link");
    assertEquals("containers/services/web1/lower/bin/busybox", sh.target());
    for (PlanEntry entry : plan.rootfs()) {
      if (entry.node() instanceof PlanEntry.HardLink link) {
        assertEquals(imageRoot(entry.path()), imageRoot(link.target()), entry.path() + " -> " + link.target());
      }
    }
  }

  private static String imageRoot(String path) {
    return plan.imageRoots().stream().filter(root -> path.startsWith(root + "/")).findFirst().orElse("/");
  }

  @Test
  void theModuleTreeIsCutToTheClosureWithFreshIndexes() {
    PassReport prune = report("prune");
    assertEquals(7, prune.figures().get("modulesKept"),
        "six for virtio_net and virtio_pci, overlay for web1 and web2; not ext4, as the root is the initrd");
    assertEquals(4, prune.figures().get("modulesRemoved"), "e1000, ext4, jbd2 and mbcache");
    String m = PlanFixtures.MODULES + "/kernel/";
    assertTrue(tree.containsKey(m + "net/core/failover.ko"));
    assertTrue(tree.containsKey(m + "drivers/virtio/virtio_pci_modern_dev.ko"));
    assertFalse(tree.containsKey(m + "fs/ext4/ext4.ko"), "only the boot stage of a root on a disk needs ext4");
    assertTrue(tree.containsKey(m + "fs/overlayfs/overlay.ko"), "the writable roots of web1 and web2 need overlay");
    assertFalse(tree.containsKey(m + "drivers/net/ethernet/intel/e1000/e1000.ko"));
    assertFalse(tree.containsKey(m + "drivers/net/ethernet"), "a directory left empty goes too");
    assertFalse(tree.containsKey(PlanFixtures.MODULES + "/modules.dep.bin"), "stale binary index");
    assertTrue(tree.containsKey(PlanFixtures.MODULES + "/modules.order"));
    assertEquals("""
        kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko
        kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko
        kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio_pci_legacy_dev.ko
        kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
        kernel/drivers/virtio/virtio_pci_modern_dev.ko:
        kernel/fs/overlayfs/overlay.ko:
        kernel/net/core/failover.ko:
        """, text(PlanFixtures.MODULES + "/modules.dep"));
    assertEquals("""
        # Aliases extracted from modules themselves.
        alias fs-overlay overlay
        alias virtio:d00000001v* virtio_net
        alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci
        """, text(PlanFixtures.MODULES + "/modules.alias"));
    assertEquals(7, plan.kernel().orElseThrow().modules().size());
    assertEquals(Map.of("overlay", "the writable roots of services[0] web1, services[1] web2"),
        plan.kernel().orElseThrow().implied());
  }

  @Test
  void overlayIsImpliedForAWritableRootTheSpecDoesNotAlreadyCoverAndForTheBootStageOfARootOnADisk() throws Exception {
    ImageStore store = ImageStore.open(dir.resolve("store"));
    String readonly = "kernel:\n  image: test/kernel:1\n  modules: [virtio_pci]\ninit: [test/init:1]\n"
        + "onboot:\n  - name: r\n    image: test/web:1\n    readonly: true\n";
    Set<String> virtio = Set.of("virtio_pci", "virtio_pci_legacy_dev", "virtio_pci_modern_dev");
    Set<String> bootStage = Set.of("ext4", "jbd2", "mbcache", "overlay");
    var initrdOnly = Passes.run(PlanFixtures.lower(PlanFixtures.spec(dir, readonly), store), Set.of()).kernel().orElseThrow();
    assertEquals(virtio, initrdOnly.modules().keySet(), "a root in the initrd needs none of the boot stage's modules");
    assertEquals(Map.of(), initrdOnly.implied());
    var onlyReadonly = Passes.run(PlanFixtures.lower(PlanFixtures.spec(dir, readonly), store, true), Set.of())
        .kernel().orElseThrow();
    Set<String> expected = new java.util.TreeSet<>(virtio);
    expected.addAll(bootStage);
    assertEquals(expected, onlyReadonly.modules().keySet());
    assertEquals(Map.of("ext4", "the boot stage of a root on a disk", "overlay", "the boot stage of a root on a disk"),
        onlyReadonly.implied());
    var listed = PlanFixtures.lower(PlanFixtures.spec(dir, readonly.replace("[virtio_pci]", "[overlay]")
        .replace("readonly: true", "readonly: false")), store, true).kernel().orElseThrow();
    assertEquals(Set.of("ext4", "virtio_pci"), listed.implied().keySet(), "the spec keeps overlay already");
    String writable = readonly.replace("readonly: true", "readonly: false");
    var kept = Passes.run(PlanFixtures.lower(PlanFixtures.spec(dir, writable), store), Set.of()).kernel().orElseThrow();
    assertEquals(Set.of("overlay", "virtio_pci", "virtio_pci_legacy_dev", "virtio_pci_modern_dev"), kept.modules().keySet());
    assertEquals("the writable roots of onboot[0] r", kept.implied().get("overlay"));
  }

  @Test
  void aBuiltInModuleIsAWarningAndAnUnknownOneAPositionedError() throws Exception {
    ImageStore store = ImageStore.open(dir.resolve("store"));
    String spec = "kernel:\n  image: test/kernel:1\n  modules: [virtio_net, virtio-blk]\n";
    BuildPlan builtIn = PlanFixtures.lower(PlanFixtures.spec(dir, spec), store);
    assertEquals("the kernel module 'virtio-blk' is built into the kernel of docker.io/test/kernel:1; there is nothing to keep",
        builtIn.warnings().get(0).message());
    LoweringException e = assertThrows(LoweringException.class,
        () -> PlanFixtures.lower(PlanFixtures.spec(dir, spec.replace("virtio-blk", "virtio_nett")), store));
    assertEquals("the kernel module 'virtio_nett' is not in docker.io/test/kernel:1; did you mean 'virtio_net'?", e.getMessage());
    assertEquals(3, e.source().orElseThrow().position().line());
  }

  @Test
  void theKernelIsTheDebianPackagesVmlinuz() {
    var kernel = plan.kernel().orElseThrow();
    assertEquals(PlanFixtures.KERNEL, kernel.image());
    assertEquals(java.util.Optional.of(PlanFixtures.RELEASE), kernel.release());
    assertEquals(64 << 10, kernel.kernel().size());
    assertEquals("console=ttyS0", kernel.cmdline());
    assertFalse(tree.containsKey("boot/vmlinuz-" + PlanFixtures.RELEASE), "the kernel is beside the root, not in it");
  }

  @Test
  void perImagePruneAndLinuxKitSanitisingApply() {
    assertFalse(tree.containsKey("containers/services/web3/rootfs/usr/share/doc"));
    assertTrue(tree.containsKey("containers/services/web2/lower/usr/share/doc/web/README"));
    assertFalse(tree.containsKey("containers/services/web1/lower/.dockerenv"));
    assertFalse(tree.containsKey("containers/services/web1/lower/etc/hostname"));
    assertFalse(tree.containsKey("containers/services/web1/lower/etc/passwd"), "whited out by the top layer");
    assertTrue(tree.containsKey("containers/services/web1/lower/srv/index.html"));
  }

  private static String text(String path) {
    PlanEntry.File file = assertInstanceOf(PlanEntry.File.class, tree.get(path).node(), path);
    return new String(assertInstanceOf(ContentRef.Inline.class, file.content()).bytes(), StandardCharsets.UTF_8);
  }
}
