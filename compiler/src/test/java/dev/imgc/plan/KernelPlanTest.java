package dev.imgc.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
        Optional.of("6.1.0"), byName, keep);
  }

  @Test
  void theInitsModulesAreKeptBesideTheListedOnesWhenTheImageHasThem() {
    KernelPlan listed = kernel(Optional.of(List.of("virtio_net", "evdev")), "virtio_net", "button", "evdev");
    assertEquals(Optional.of(List.of("virtio_net", "evdev", "button")),
        listed.alsoKeeping(List.of("button", "evdev")).keep());
    KernelPlan builtIn = kernel(Optional.of(List.of("virtio_net")), "virtio_net");
    assertEquals(Optional.of(List.of("virtio_net")), builtIn.alsoKeeping(List.of("button", "evdev")).keep());
  }

  @Test
  void withoutAListEveryModuleStaysKept() {
    assertEquals(Optional.empty(), kernel(Optional.empty(), "button").alsoKeeping(List.of("button")).keep());
  }
}
