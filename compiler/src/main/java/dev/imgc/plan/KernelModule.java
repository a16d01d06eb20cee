package dev.imgc.plan;

import java.util.List;

/**
 * A loadable kernel module, as its ELF {@code .modinfo} section describes it.
 *
 * @param name the module's name ({@code virtio_net}), '-' written as '_'
 * @param path where the module file is in the planned root ({@code lib/modules/6.1.0-28-amd64/kernel/…/virtio_net.ko})
 * @param depends the names of the modules it needs loaded first
 * @param aliases the device aliases ({@code pci:v00001AF4d00001000sv*…}) that load it
 * @param softdeps the modules or aliases it asks for without linking to them ({@code softdep=pre:
 *     crc32c} of ext4), which the kernel loads on demand
 */
public record KernelModule(String name, String path, List<String> depends, List<String> aliases, List<String> softdeps) {
  public KernelModule {
    depends = List.copyOf(depends);
    aliases = List.copyOf(aliases);
    softdeps = List.copyOf(softdeps);
  }

  /** A module's name as modprobe compares names: '-' read as '_'. */
  public static String canonicalName(String name) {
    return name.replace('-', '_');
  }

  /** The module tree the module belongs to: {@code lib/modules/VERSION}. */
  public String treeRoot() {
    String[] parts = path.split("/");
    int modules = path.startsWith("usr/") ? 3 : 2;
    return String.join("/", java.util.Arrays.copyOf(parts, modules + 1));
  }

  /** The path relative to its tree, as modules.dep writes it: {@code kernel/…/virtio_net.ko}. */
  public String pathInTree() {
    return path.substring(treeRoot().length() + 1);
  }
}
