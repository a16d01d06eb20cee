package dev.imgc.boot.init;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a container asks for that one of the init's launchers will not do, found at build time so that
 * the spec's author hears of it before the machine boots rather than from its console.
 */
final class LaunchWarnings {
  /** Device nodes runc lets every container open (its default device cgroup rules). */
  private static final Set<String> ALLOWED_DEVICES =
      Set.of("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/ptmx");
  /** Directories under {@code /dev} that hold no device runc refuses. */
  private static final List<String> NOT_DEVICES = List.of("/dev/pts", "/dev/shm", "/dev/mqueue", "/dev/hugepages");

  private LaunchWarnings() {}

  /**
   * The warnings for one container, each a sentence without its subject (the container) saying what
   * happens and what to change.
   */
  static List<String> of(JsonNode config, JsonNode runtime) {
    List<String> warnings = new ArrayList<>();
    boolean devicesAllowed = false;
    for (JsonNode rule : config.path("linux").path("resources").path("devices")) {
      devicesAllowed |= rule.path("allow").asBoolean(false);
    }
    for (JsonNode mount : config.path("mounts")) {
      String source = mount.path("source").asText("");
      boolean bind = mount.path("type").asText("").equals("bind");
      for (JsonNode option : mount.path("options")) {
        bind |= option.asText().equals("bind") || option.asText().equals("rbind");
      }
      if (bind && !devicesAllowed && isDevice(source)) {
        warnings.add("binds " + source + ", which runc's device cgroup lets no process open unless a `devices:` "
            + "entry allows it (as `devices: [{path: all, type: c}]` or one entry per device); the busybox launcher "
            + "does not restrict devices");
      }
    }
    for (JsonNode link : runtime.path("interfaces")) {
      boolean veth = link.path("add").asText("").equals("veth");
      if (veth && link.path("peer").asText("").isEmpty()) {
        warnings.add("has the veth interface " + link.path("name").asText("") + " without a `peer:`, which the "
            + "init cannot make, so the container will not start: name the veth's other end with `peer:`");
      }
      if (link.path("name").asText("").isEmpty()) {
        warnings.add("has an interface without a `name:`, which the init cannot make or move, so the container "
            + "will not start: give it a `name:`");
      }
    }
    return warnings;
  }

  private static boolean isDevice(String source) {
    if (!source.startsWith("/dev/") && !source.equals("/dev")) {
      return false;
    }
    return !ALLOWED_DEVICES.contains(source)
        && NOT_DEVICES.stream().noneMatch(dir -> source.equals(dir) || source.startsWith(dir + "/"));
  }
}
