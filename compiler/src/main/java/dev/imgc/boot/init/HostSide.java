package dev.imgc.boot.init;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What LinuxKit's init does from outside a container once its namespaces exist and before its process
 * runs, from {@code runtime.json}: network {@code interfaces} made or moved into the container's
 * network namespace, and the container's namespaces bound to paths ({@code bindNS}, such as {@code
 * /run/netns/NAME}). The lines run in the init's namespaces with the container's pid as {@code $1}:
 * under runc in a {@code createRuntime} hook, under busybox while the container waits at its gate.
 */
final class HostSide {
  /** The namespaces {@code bindNS} names, in the order LinuxKit binds them. */
  private static final List<String> NAMESPACES = List.of("cgroup", "ipc", "mnt", "net", "pid", "user", "uts");

  private HostSide() {}

  /** The lines, each failing the function when it fails; empty when the container needs none. */
  static List<String> lines(JsonNode runtime) {
    List<String> lines = new ArrayList<>();
    for (JsonNode link : runtime.path("interfaces")) {
      lines.add("imgc_interface \"$1\" " + Shell.quote(link.path("name").asText("")) + " "
          + Shell.quote(link.path("add").asText("")) + " " + Shell.quote(link.path("peer").asText("")) + " "
          + link.path("createInRoot").asBoolean(false) + " || return 1");
    }
    for (String namespace : NAMESPACES) {
      String path = runtime.path("bindNS").path(namespace).asText("");
      if (!path.isEmpty()) {
        lines.add("imgc_bind_namespace \"$1\" " + namespace + " " + Shell.quote(path) + " || return 1");
      }
    }
    return lines;
  }
}
