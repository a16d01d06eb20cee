package dev.imgc.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.PlanEntry;
import java.util.HashMap;
import java.util.Map;

/**
 * What the emitters rely on in a plan that went through every pass: each path once, no layer
 * markers, every parent directory before its children, every hard link naming a file written
 * before it with the same bytes, every time at or before SOURCE_DATE_EPOCH.
 */
final class WellFormedPlan {
  private WellFormedPlan() {}

  static void check(BuildPlan plan) {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < plan.rootfs().size(); i++) {
      PlanEntry entry = plan.rootfs().get(i);
      assertFalse(position.containsKey(entry.path()), "twice: " + entry.path());
      position.put(entry.path(), i);
      assertFalse(entry.node() instanceof PlanEntry.Whiteout || entry.node() instanceof PlanEntry.OpaqueDirectory, entry.path());
      long mtime = entry.attributes().metadata().mtimeSeconds();
      assertTrue(plan.sourceDateEpoch().clamp(mtime) == mtime, entry.path());
      String parent = TreePaths.parent(entry.path());
      if (!parent.isEmpty()) {
        Integer at = position.get(parent);
        assertTrue(at != null && plan.rootfs().get(at).node() instanceof PlanEntry.Directory, "no directory before " + entry.path());
      }
      if (entry.node() instanceof PlanEntry.HardLink link) {
        Integer at = position.get(link.target());
        assertTrue(at != null, entry.path() + " links to " + link.target() + ", which is not written before it");
        PlanEntry.File file = assertInstanceOf(PlanEntry.File.class, plan.rootfs().get(at).node(), link.target());
        assertEquals(file.content().sha256(), link.content().sha256(), entry.path());
      }
    }
    assertEquals(0, plan.rootfs().stream().filter(e -> e.path().isEmpty() || e.path().startsWith("/")).count());
  }
}
