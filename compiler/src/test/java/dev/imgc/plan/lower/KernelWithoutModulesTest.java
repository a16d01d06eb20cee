package dev.imgc.plan.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kernel.tar: none} leaves the modules out in either convention (issue 11, item 7). */
class KernelWithoutModulesTest {
  @TempDir Path dir;
  ImageStore store;

  @BeforeEach
  void images() throws Exception {
    store = ImageStore.open(dir.resolve("store"));
    PlanFixtures.kernel(store);
    PlanFixtures.linuxkitKernel(store);
  }

  private BuildPlan lower(String kernel) throws Exception {
    return PlanFixtures.lower(PlanFixtures.spec(dir, "kernel:\n" + kernel), store);
  }

  private static boolean hasModuleTree(BuildPlan plan) {
    return plan.rootfs().stream().anyMatch(e -> e.path().startsWith("lib/modules/"));
  }

  @Test
  void aDebianKernelsModuleTreeIsLeftOut() throws Exception {
    BuildPlan with = lower("  image: test/kernel:1\n");
    assertTrue(hasModuleTree(with), "without kernel.tar the package's tree is the modules");
    assertFalse(with.kernel().orElseThrow().modules().isEmpty());

    BuildPlan without = lower("  image: test/kernel:1\n  tar: none\n");
    assertFalse(hasModuleTree(without));
    assertTrue(without.kernel().orElseThrow().modules().isEmpty());
    assertEquals(PlanFixtures.RELEASE, without.kernel().orElseThrow().release().orElseThrow(), "the kernel itself is still found");
  }

  @Test
  void aLinuxKitKernelsTarballIsLeftOut() throws Exception {
    assertTrue(hasModuleTree(lower("  image: test/linuxkit-kernel:6.6\n")));
    assertFalse(hasModuleTree(lower("  image: test/linuxkit-kernel:6.6\n  tar: none\n")));
  }

  @Test
  void keepingModulesOfAKernelWithoutModulesIsAPositionedError() {
    LoweringException e = assertThrows(LoweringException.class,
        () -> lower("  image: test/kernel:1\n  tar: none\n  modules: [ext4]\n"));
    assertEquals(4, e.source().orElseThrow().position().line());
    assertTrue(e.getMessage().contains("kernel.tar: none"), e.getMessage());
  }
}
