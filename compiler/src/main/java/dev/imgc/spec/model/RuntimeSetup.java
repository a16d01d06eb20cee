package dev.imgc.spec.model;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/** An image's {@code runtime} section: what LinuxKit's init does around a container at boot rather than what goes in its OCI config. */
public record RuntimeSetup(
    List<String> cgroups,
    List<Mount> mounts,
    List<String> mkdir,
    List<Interface> interfaces,
    SortedMap<String, String> bindNS,
    Optional<String> namespace) {
  public RuntimeSetup {
    cgroups = List.copyOf(cgroups);
    mounts = List.copyOf(mounts);
    mkdir = List.copyOf(mkdir);
    interfaces = List.copyOf(interfaces);
    bindNS = Maps.sortedCopy(bindNS);
  }
}
