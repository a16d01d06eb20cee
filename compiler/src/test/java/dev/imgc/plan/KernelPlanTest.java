package dev.imgc.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KernelPlanTest {
  private static KernelPlan kernel(Optional<List<String>> keep, String... modules) {
    TreeMap<String, KernelModule> byName = new TreeMap<>();
    for (String name : modules) {
      byName.put(name, new KernelModule(name, "lib/modules/6.1.0/kernel/" + name + ".ko", List.of(), List.of(), List.of()));
    }
    return new KernelPlan("debian/kernel", ContentRef.Inline.of("vmlinuz"), "console=ttyS0", Optional.empty(),
        Optional.of("6.1.0"), byName, keep, new TreeMap<>(Map.of("overlay", "writable roots")));
  }

  @Test
  void theInitsModulesAreKeptBesideTheListedOnesWhenTheImageHasThemAsModules() {
    KernelPlan listed = kernel(Optional.of(List.of("virtio_net", "evdev")), "virtio_net", "button", "evdev", "overlay")
        .alsoImplying(List.of("button", "evdev"), "the power button");
    assertEquals(Map.of("overlay", "writable roots", "button", "the power button"), listed.implied());
    assertEquals(Optional.of(List.of("virtio_net", "evdev", "button", "overlay")), listed.modulesToKeep());
    KernelPlan builtIn = kernel(Optional.of(List.of("virtio_net")), "virtio_net", "overlay")
        .alsoImplying(List.of("button", "evdev"), "the power button");
    assertEquals(Optional.of(List.of("virtio_net", "overlay")), builtIn.modulesToKeep());
  }

  @Test
  void withoutAListEveryModuleStaysKept() {
    assertEquals(Optional.empty(), kernel(Optional.empty(), "button").alsoImplying(List.of("button"), "r").modulesToKeep());
  }
}
