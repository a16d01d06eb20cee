package dev.imgc.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry.DeviceKind;
import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.LayerTar;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.PlanFixtures;
import dev.imgc.plan.PlanWarning;
import dev.imgc.plan.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lowering and flattening layers that hold the awkward things real layers hold, and entries placed
 * through symlinked directories as a merged-/usr Debian root has them.
 */
class LoweringEdgeCasesTest {
  private static final String BUNDLE = "containers/services/odd/lower/";
  private static final String APP = "containers/services/app/lower/";
  /** A name the kernel, reading it as C does, would take for {@code etc/b}. */
  private static final String NUL_NAME = "etc/b\0" + "x".repeat(100);

  @TempDir static Path dir;
  static BuildPlan lowered;
  static BuildPlan flattened;
  static Map<String, PlanEntry> tree;

  @BeforeAll
  static void plan() throws Exception {
    ImageStore store = ImageStore.open(dir.resolve("store"));
    byte[] bottom = new LayerTar()
        .dir("etc").file("etc/a", "a\n").file("etc/b", "b\n")
        .dir("opt/x").file("opt/x/1", "1\n").file("opt/x/2", "2\n")
        .dir("usr/bin").file("usr/bin/tool", "version 1\n").hardlink("usr/bin/tool-link", "usr/bin/tool")
        .hardlink("usr/bin/tool-link-2", "usr/bin/tool-link")
        .file("zz-file", "linked from before it\n").hardlink("aa-link", "zz-file")
        .symlink("etc/shadow-link", "../../../../etc/shadow").symlink("bin-sh", "/bin/busybox")
        .file("../../escape", "outside\n").file("a/../moved", "moved\n").hardlink("link-out", "../etc/passwd")
        .file(NUL_NAME, "not etc/b\n") // a pax path record: the name is over ustar's 100 bytes
        .dir("dev").device("dev/null", false, 1, 3).device("dev/sda", true, 8, 0).fifo("run-fifo")
        .file("caps", "x".getBytes(StandardCharsets.UTF_8), 0755,
            Map.of("user.b", "2", "security.capability", "cap"))
        .bytes();
    byte[] top = new LayerTar()
        .file("etc/.wh.a", "").file("opt/x/.wh..wh..opq", "").file("opt/x/3", "3\n")
        .file("usr/bin/tool", "version 2\n")
        .bytes();
    TestImages.put(store, "docker.io/test/odd:1", bottom, top);
    TestImages.put(store, "docker.io/test/first:1", new LayerTar().file("kept", "kept\n").bytes());
    TestImages.put(store, "docker.io/test/second:1", new LayerTar().file(".wh.kept", "").bytes());
    PlanFixtures.kernel(store);
    TestImages.put(store, "docker.io/test/usrmerge:1", new LayerTar()
        .dir("usr/lib").file("usr/lib/ld.so", "ld\n").symlink("lib", "usr/lib")
        .symlink("loop-a", "loop-b").symlink("loop-b", "loop-a").file("loop-a/x", "x\n")
        .bytes());
    TestImages.put(store, "docker.io/test/app:1",
        new LayerTar().dir("usr/lib").symlink("lib", "/usr/lib").symlink("up", "../../../../..").bytes(),
        new LayerTar().file("lib/libc.so", "libc\n").file("up/etc/escaped", "no\n").bytes());
    String spec = """
        kernel:
          image: test/kernel:1
        init: [test/first:1, test/second:1, test/usrmerge:1]
        services:
          - name: odd
            image: test/odd:1
          - name: app
            image: test/app:1
        files:
          - path: lib/firmware/fw.bin
            contents: fw
        volumes:
          - name: v
            image: test/app:1
        """;
    lowered = PlanFixtures.lower(PlanFixtures.spec(dir, spec), store);
    flattened = new Flatten().apply(lowered);
    tree = PlanFixtures.byPath(flattened);
  }

  @Test
  void theOptimizedPlanIsWellFormed() {
    BuildPlan optimized = Passes.run(lowered, Set.of());
    WellFormedPlan.check(optimized);
    Map<String, PlanEntry> entries = PlanFixtures.byPath(optimized);
    assertInstanceOf(PlanEntry.File.class, entries.get(BUNDLE + "aa-link").node(), "sorted first, the link now holds the bytes");
    assertEquals(BUNDLE + "aa-link", assertInstanceOf(PlanEntry.HardLink.class, entries.get(BUNDLE + "zz-file").node()).target());
  }

  @Test
  void dotDotNamesNeverEscapeAndAreReported() {
    assertTrue(lowered.rootfs().stream().noneMatch(e -> e.path().contains("..") || e.path().startsWith("/")));
    assertTrue(lowered.rootfs().stream().noneMatch(e -> e.path().endsWith("escape")));
    assertTrue(tree.containsKey(BUNDLE + "moved"), "a/../moved stays inside, at moved");
    assertFalse(tree.containsKey(BUNDLE + "link-out"));
    assertTrue(warned("'../../escape', which climbs out of the image's root; it was left out"));
    assertTrue(warned("'a/../moved', a name with '..'; it was placed at moved"));
    assertTrue(warned("hard link 'link-out'"));
    PlanWarning w = lowered.warnings().stream().filter(x -> x.message().contains("escape")).findFirst().orElseThrow();
    assertTrue(w.source().file().endsWith("spec.yml") && w.source().position().line() == 6, "at odd's image: " + w);
  }

  @Test
  void aNameWithANulByteIsLeftOutAndReported() {
    assertTrue(lowered.rootfs().stream().noneMatch(e -> e.path().indexOf('\0') >= 0));
    assertEquals(2, assertInstanceOf(PlanEntry.File.class, tree.get(BUNDLE + "etc/b").node()).content().size(),
        "etc/b keeps its own bytes");
    assertTrue(warned("'etc/b\\0" + "x".repeat(100) + "', a name with a NUL byte, which no file system can hold; it was left out"));
  }

  @Test
  void whiteoutsAndOpaqueDirectoriesRemoveWhatEarlierLayersOfTheSameImagePut() {
    assertFalse(tree.containsKey(BUNDLE + "etc/a"));
    assertTrue(tree.containsKey(BUNDLE + "etc/b"));
    assertFalse(tree.containsKey(BUNDLE + "opt/x/1"));
    assertFalse(tree.containsKey(BUNDLE + "opt/x/2"));
    assertTrue(tree.containsKey(BUNDLE + "opt/x/3"));
    assertTrue(tree.containsKey(BUNDLE + "opt/x"), "an opaque directory keeps itself");
    assertTrue(tree.containsKey("kept"), "a whiteout in another init image does not reach this one");
    assertTrue(tree.values().stream().noneMatch(e -> e.node() instanceof PlanEntry.Whiteout || e.node() instanceof PlanEntry.OpaqueDirectory));
  }

  @Test
  void aHardLinkWhoseFileALaterLayerReplacedKeepsTheOldBytes() {
    PlanEntry.File tool = assertInstanceOf(PlanEntry.File.class, tree.get(BUNDLE + "usr/bin/tool").node());
    PlanEntry.File link = assertInstanceOf(PlanEntry.File.class, tree.get(BUNDLE + "usr/bin/tool-link").node());
    assertEquals(10, tool.content().size());
    assertEquals(10, link.content().size());
    assertFalse(tool.content().sha256().equals(link.content().sha256()));
  }

  @Test
  void aHardLinkIsPlacedInsideItsBundle() {
    PlanEntry.HardLink link = lowered.rootfs().stream().filter(e -> e.path().equals(BUNDLE + "usr/bin/tool-link"))
        .map(e -> (PlanEntry.HardLink) e.node()).findFirst().orElseThrow();
    assertEquals(BUNDLE + "usr/bin/tool", link.target());
    PlanEntry.HardLink second = lowered.rootfs().stream().filter(e -> e.path().equals(BUNDLE + "usr/bin/tool-link-2"))
        .map(e -> (PlanEntry.HardLink) e.node()).findFirst().orElseThrow();
    assertEquals(BUNDLE + "usr/bin/tool", second.target(), "a link to a link names the file");
  }

  @Test
  void symlinksPointingOutsideAreKeptAsDataForTheApplianceToResolve() {
    assertEquals("../../../../etc/shadow", assertInstanceOf(PlanEntry.Symlink.class, tree.get(BUNDLE + "etc/shadow-link").node()).target());
    assertEquals("/bin/busybox", assertInstanceOf(PlanEntry.Symlink.class, tree.get(BUNDLE + "bin-sh").node()).target());
  }

  @Test
  void devicesFifosAndExtendedAttributesSurvive() {
    PlanEntry.Device nul = assertInstanceOf(PlanEntry.Device.class, tree.get(BUNDLE + "dev/null").node());
    assertEquals(DeviceKind.CHARACTER, nul.kind());
    assertEquals(1, nul.major());
    assertEquals(3, nul.minor());
    PlanEntry.Device sda = assertInstanceOf(PlanEntry.Device.class, tree.get(BUNDLE + "dev/sda").node());
    assertEquals(DeviceKind.BLOCK, sda.kind());
    assertEquals(8, sda.major());
    assertInstanceOf(PlanEntry.Fifo.class, tree.get(BUNDLE + "run-fifo").node());
    PlanEntry caps = tree.get(BUNDLE + "caps");
    assertEquals(java.util.List.of("security.capability", "user.b"), java.util.List.copyOf(caps.attributes().xattrs().keySet()));
    assertEquals("services[0] docker.io/test/odd:1 layer 0", caps.attributes().provenance().toString());
  }

  @Test
  void theDigestDependsOnContentNotOnMemberOrderOrLayerBlobs(@TempDir Path other) throws Exception {
    String spec = "services:\n  - name: s\n    image: test/s:1\n";
    String[] digests = new String[3];
    LayerTar[] layers = {
      new LayerTar().dir("d").file("d/x", "x\n").file("d/y", "y\n"),
      new LayerTar().file("d/y", "y\n").dir("d").file("d/x", "x\n"),
      new LayerTar().dir("d").file("d/x", "x\n").file("d/y", "changed\n"),
    };
    for (int i = 0; i < layers.length; i++) {
      ImageStore store = ImageStore.open(other.resolve("store" + i));
      TestImages.put(store, "docker.io/test/s:1", layers[i].bytes());
      BuildPlan plan = PlanFixtures.lower(PlanFixtures.spec(other, spec), store);
      digests[i] = Passes.run(plan, Set.of()).digest().toString();
    }
    assertEquals(digests[0], digests[1], "the same files in another order");
    assertFalse(digests[0].equals(digests[2]), "other bytes in one file");
  }

  @Test
  void theKernelsModulesMoveUnderTheDirectoryTheInitImagesLibPointsTo() {
    assertEquals("usr/lib", assertInstanceOf(PlanEntry.Symlink.class, tree.get("lib").node()).target());
    assertTrue(tree.containsKey("usr/lib/modules/" + PlanFixtures.RELEASE + "/kernel/fs/ext4/ext4.ko"));
    assertTrue(tree.keySet().stream().noneMatch(p -> p.startsWith("lib/")), "nothing left under the symlink");
    assertTrue(tree.containsKey("usr/lib/firmware/fw.bin"), "a files: entry follows the link too");
    WellFormedPlan.check(Passes.run(lowered, Set.of()));
  }

  @Test
  void aContainersAbsoluteLinkResolvesInsideTheContainer() {
    assertTrue(tree.containsKey(APP + "usr/lib/libc.so"));
    assertFalse(tree.containsKey("usr/lib/libc.so"));
    assertTrue(tree.containsKey(APP + "etc/escaped"), "'..' stops at the container's root");
    assertTrue(tree.containsKey("containers/volumes/v/lower/usr/lib/libc.so"), "and inside a volume at the volume's");
  }

  @Test
  void anEntryUnderASymlinkLoopHasNoPlaceAndIsCounted() {
    assertFalse(tree.containsKey("loop-a/x"));
    assertTrue(tree.containsKey("loop-a") && tree.containsKey("loop-b"));
    var flatten = flattened.passes().stream().filter(p -> p.name().equals("flatten")).findFirst().orElseThrow();
    assertEquals(1, flatten.figures().get("entriesUnderNonDirectories"));
    assertTrue(flatten.figures().get("movedThroughSymlinks") > 10, flatten.toString());
  }
  private static boolean warned(String text) {
    return lowered.warnings().stream().anyMatch(w -> w.message().contains(text));
  }
}
