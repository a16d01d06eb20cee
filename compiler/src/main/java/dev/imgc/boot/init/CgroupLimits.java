package dev.imgc.boot.init;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's cgroup under the busybox launcher, as runc makes it on cgroup v2: the process moves
 * into {@code linux.cgroupsPath} (or, when only limits are set, into a cgroup named by the container's
 * id, as runc names one) and {@code linux.resources} becomes the v2 files runc writes: {@code
 * memory.max}, {@code memory.low}, {@code pids.max}, {@code cpu.max}, {@code cpu.weight}, {@code
 * cpuset.cpus} and {@code cpuset.mems}. A value of 0 sets nothing, as with runc; -1 is {@code max}.
 */
final class CgroupLimits {
  private CgroupLimits() {}

  /** The {@code imgc_cgroup} line of the container, or empty when it asks for neither a path nor a limit. */
  static Optional<String> line(JsonNode linux, String id) {
    JsonNode resources = linux.path("resources");
    List<String> files = new ArrayList<>();
    limit(files, "memory.max", resources.path("memory").path("limit"));
    limit(files, "memory.low", resources.path("memory").path("reservation"));
    limit(files, "pids.max", resources.path("pids").path("limit"));
    JsonNode cpu = resources.path("cpu");
    long quota = cpu.path("quota").asLong(0);
    long period = cpu.path("period").asLong(0);
    if (quota != 0 || period != 0) {
      files.add("cpu.max");
      files.add(Shell.quote((quota > 0 ? Long.toString(quota) : "max") + (period > 0 ? " " + period : "")));
    }
    long shares = cpu.path("shares").asLong(0);
    if (shares > 0) { // runc's conversion of cgroup v1 shares (2-262144) to a v2 weight (1-10000)
      files.add("cpu.weight");
      files.add(Long.toString(1 + ((Math.max(2, Math.min(shares, 262144)) - 2) * 9999) / 262142));
    }
    for (String set : List.of("cpus", "mems")) {
      String value = cpu.path(set).asText("");
      if (!value.isEmpty()) {
        files.add("cpuset." + set);
        files.add(Shell.quote(value));
      }
    }
    String path = linux.path("cgroupsPath").asText("");
    if (path.isEmpty() && files.isEmpty()) {
      return Optional.empty();
    }
    String cgroup = path.isEmpty() ? "/" + id : path;
    return Optional.of(("imgc_cgroup " + Shell.quote(cgroup) + " " + String.join(" ", files)).strip());
  }

  private static void limit(List<String> files, String file, JsonNode value) {
    if (value.isNumber() && value.asLong() != 0) {
      files.add(file);
      files.add(value.asLong() < 0 ? "max" : Long.toString(value.asLong()));
    }
  }
}
