package dev.imgc.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.LayerTar;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.PlanFixtures;
import dev.imgc.plan.TestImages;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries placed through symlinked directories, as a merged-/usr Debian root has them. */
class SymlinkedParentsTest {
  private static final String BUNDLE = "containers/services/app/lower/";

  @TempDir static Path dir;
  static BuildPlan plan;
  static Map<String, PlanEntry> tree;

  @BeforeAll
  static void plan() throws Exception {
    ImageStore store = ImageStore.open(dir.resolve("store"));
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
        init: [test/usrmerge:1]
        services:
          - name: app
            image: test/app:1
        files:
          - path: lib/firmware/fw.bin
            contents: fw
        """;
    plan = Passes.run(PlanFixtures.lower(PlanFixtures.spec(dir, spec), store), Set.of());
    tree = plan.rootfs().stream().collect(Collectors.toMap(PlanEntry::path, Function.identity()));
  }

  @Test
  void theKernelsModulesMoveUnderTheDirectoryTheInitImagesLibPointsTo() {
    assertEquals("usr/lib", assertInstanceOf(PlanEntry.Symlink.class, tree.get("lib")).target());
    assertTrue(tree.containsKey("usr/lib/modules/" + PlanFixtures.RELEASE + "/kernel/fs/ext4/ext4.ko"));
    assertTrue(tree.keySet().stream().noneMatch(p -> p.startsWith("lib/")), "nothing left under the symlink");
    assertTrue(tree.containsKey("usr/lib/firmware/fw.bin"), "a files: entry follows the link too");
    WellFormedPlan.check(plan);
  }

  @Test
  void aContainersAbsoluteLinkResolvesInsideTheContainer() {
    assertTrue(tree.containsKey(BUNDLE + "usr/lib/libc.so"));
    assertFalse(tree.containsKey("usr/lib/libc.so"));
    assertTrue(tree.containsKey(BUNDLE + "etc/escaped"), "'..' stops at the container's root");
  }

  @Test
  void anEntryUnderASymlinkLoopHasNoPlaceAndIsCounted() {
    assertFalse(tree.containsKey("loop-a/x"));
    assertTrue(tree.containsKey("loop-a") && tree.containsKey("loop-b"));
    var flatten = plan.passes().stream().filter(p -> p.name().equals("flatten")).findFirst().orElseThrow();
    assertEquals(1, flatten.figures().get("entriesUnderNonDirectories"));
    assertTrue(flatten.figures().get("movedThroughSymlinks") > 10, flatten.toString());
  }
}
