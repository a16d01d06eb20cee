package dev.imgc.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ModuleClosureTest {
  private static KernelModule module(String name, List<String> depends, List<String> aliases, List<String> softdeps) {
    return new KernelModule(name, "lib/modules/6.1/kernel/" + name + ".ko", depends, aliases, softdeps);
  }

  /** Debian's ext4: depends=jbd2,mbcache,crc16 and softdep=pre: crypto-crc32c (an alias of crc32c_generic). */
  private static final Map<String, KernelModule> MODULES = new TreeMap<>(Map.of(
      "ext4", module("ext4", List.of("jbd2", "mbcache", "crc16"), List.of(), List.of("crypto-crc32c")),
      "jbd2", module("jbd2", List.of(), List.of(), List.of("crypto-crc32c")),
      "mbcache", module("mbcache", List.of(), List.of(), List.of()),
      "crc16", module("crc16", List.of(), List.of(), List.of()),
      "crc32c_generic", module("crc32c_generic", List.of(), List.of("crypto-crc32c"), List.of()),
      "virtio_blk", module("virtio_blk", List.of("virtio", "virtio_ring"), List.of(), List.of()),
      "virtio", module("virtio", List.of(), List.of(), List.of()),
      "virtio_ring", module("virtio_ring", List.of(), List.of(), List.of())));

  @Test
  void eachModuleIsLoadedAfterWhatItNeedsAndOnce() {
    List<String> order = ModuleClosure.loadOrder(List.of("virtio_pci", "virtio_blk", "ext4", "jbd2"), MODULES).stream()
        .map(KernelModule::name).toList();
    assertEquals(List.of("virtio", "virtio_ring", "virtio_blk", "crc32c_generic", "jbd2", "mbcache", "crc16", "ext4"),
        order, "virtio_pci is built in (absent), the soft dependency comes first, jbd2 once");
  }

  @Test
  void theClosureHoldsDependenciesAndSoftDependenciesByAlias() {
    assertEquals(List.of("crc16", "crc32c_generic", "ext4", "jbd2", "mbcache"),
        List.copyOf(ModuleClosure.closure(List.of("ext4"), MODULES).keySet()));
  }
}
