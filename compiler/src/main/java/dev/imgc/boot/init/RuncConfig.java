package dev.imgc.boot.init;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code config.json} runc is given, and what the init does for it first, so that a spec runs
 * under runc as it does under busybox.
 *
 * <p>runc refuses a sysctl of a namespace the container shares with the machine ("not allowed in
 * host network namespace", "not in a separate kernel namespace"), where busybox's launcher sets it
 * and so changes the machine's value, as the spec asked. So such sysctls are taken out of the
 * config and set by the init before runc starts: the same value in the same namespace. When the
 * container needs work from outside ({@link HostSide}), a {@code createRuntime} hook runs {@code
 * /init --hook INDEX}, which runc calls with the container's pid once its namespaces exist.
 */
record RuncConfig(byte[] configJson, List<String> before) {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The sysctls of the IPC namespace, as runc lists them (with every {@code fs.mqueue.*}). */
  private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
      "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

  static RuncConfig of(byte[] original, JsonNode config, int index, boolean hook) {
    Set<String> own = new java.util.HashSet<>();
    config.path("linux").path("namespaces").forEach(namespace -> own.add(namespace.path("type").asText()));
    List<String> before = new ArrayList<>();
    ObjectNode changed = config.deepCopy();
    JsonNode sysctls = changed.path("linux").path("sysctl");
    if (sysctls instanceof ObjectNode map) {
      List<String> refused = new ArrayList<>();
      for (Map.Entry<String, JsonNode> sysctl : (Iterable<Map.Entry<String, JsonNode>>) map::fields) {
        if (!runcAccepts(sysctl.getKey(), own)) {
          refused.add(sysctl.getKey());
          before.add(BundleLaunch.sysctl(sysctl.getKey(), sysctl.getValue().asText()));
        }
      }
      map.remove(refused);
    }
    if (hook) {
      ObjectNode entry = changed.putObject("hooks").putArray("createRuntime").addObject();
      entry.put("path", "/bin/busybox");
      entry.putArray("args").add("sh").add("/" + InitScript.PATH).add("--hook").add(Integer.toString(index));
    }
    if (before.isEmpty() && !hook) {
      return new RuncConfig(original, before);
    }
    try {
      return new RuncConfig(JSON.writeValueAsString(changed).getBytes(StandardCharsets.UTF_8), before);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree read from JSON is written back", e);
    }
  }

  /** Whether runc sets {@code key} itself: a sysctl of a namespace of the container's own. */
  private static boolean runcAccepts(String key, Set<String> own) {
    if (IPC.contains(key) || key.startsWith("fs.mqueue.")) {
      return own.contains("ipc");
    }
    if (key.startsWith("net.")) {
      return own.contains("network");
    }
    if (key.equals("kernel.hostname") || key.equals("kernel.domainname")) {
      return own.contains("uts");
    }
    return false;
  }
}
