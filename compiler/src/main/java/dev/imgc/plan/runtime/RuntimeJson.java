package dev.imgc.plan.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.spec.model.Interface;
import dev.imgc.spec.model.Mount;
import dev.imgc.spec.model.RuntimeSetup;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a bundle's {@code runtime.json}, the file next to {@code config.json} in which LinuxKit
 * tells its init what to do around the container: cgroups to make, mounts (the bundle's own rootfs
 * mounts first), directories to make, network interfaces, namespaces to bind, and the containerd
 * namespace. Every member is written, empty or not, as LinuxKit does.
 *
 * <p>The rootfs mounts follow LinuxKit's bundle layout. A read-only container's image is unpacked
 * in {@code BUNDLE/rootfs} and bound onto itself (or, when another container has the same image,
 * that container's directory is bound there). A writable container's image is unpacked in {@code
 * BUNDLE/lower}, and {@code BUNDLE/rootfs} is an overlay of it with a tmpfs at {@code BUNDLE/tmp}.
 */
public final class RuntimeJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> NAMESPACE_TYPES = List.of("cgroup", "ipc", "mnt", "net", "pid", "user", "uts");

  private RuntimeJson() {}

  /**
   * The bytes of {@code runtime.json} for a bundle at {@code bundleDir} (relative to the root
   * filesystem, e.g. {@code containers/services/sshd}) whose image's files are in {@code imageDir}
   * (e.g. {@code containers/services/sshd/lower}, or another bundle's when shared).
   */
  public static byte[] write(RuntimeSetup runtime, String bundleDir, String imageDir, boolean readonlyRoot) {
    return write(runtime, rootfsMounts(bundleDir, imageDir, readonlyRoot));
  }

  /** {@code runtime.json} with {@code rootfsMounts} before the runtime section's own mounts. */
  public static byte[] write(RuntimeSetup runtime, List<Mount> rootfsMounts) {
    List<Mount> mounts = new ArrayList<>(rootfsMounts);
    mounts.addAll(runtime.mounts());
    ObjectNode json = JSON.objectNode();
    json.set("cgroups", JsonNodes.strings(runtime.cgroups()));
    ArrayNode mountList = json.putArray("mounts");
    mounts.forEach(mount -> mountList.add(JsonNodes.mount(mount)));
    json.set("mkdir", JsonNodes.strings(runtime.mkdir()));
    ArrayNode interfaces = json.putArray("interfaces");
    runtime.interfaces().forEach(i -> interfaces.add(networkInterface(i)));
    ObjectNode bindNS = json.putObject("bindNS");
    NAMESPACE_TYPES.forEach(type -> bindNS.put(type, runtime.bindNS().getOrDefault(type, "")));
    json.put("namespace", runtime.namespace().orElse(""));
    return GoJson.write(json);
  }

  static List<Mount> rootfsMounts(String bundleDir, String imageDir, boolean readonlyRoot) {
    String rootfs = "/" + bundleDir + "/rootfs";
    if (readonlyRoot) {
      return List.of(new Mount(rootfs, "", "/" + imageDir, List.of("bind")));
    }
    String tmp = "/" + bundleDir + "/tmp";
    return List.of(
        new Mount(tmp, "tmpfs", "tmpfs", List.of()),
        new Mount(tmp, "", "", List.of("remount", "private")), // nothing else should see the upper layer
        new Mount(rootfs, "overlay", "overlay",
            List.of("lowerdir=/" + imageDir, "upperdir=" + tmp + "/upper", "workdir=" + tmp + "/work")));
  }

  private static ObjectNode networkInterface(Interface i) {
    ObjectNode node = JSON.objectNode();
    if (!i.name().isEmpty()) {
      node.put("name", i.name());
    }
    if (!i.add().isEmpty()) {
      node.put("add", i.add());
    }
    if (!i.peer().isEmpty()) {
      node.put("peer", i.peer());
    }
    return node.put("createInRoot", i.createInRoot());
  }
}
