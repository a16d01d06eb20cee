package dev.imgc.plan.runtime;

import dev.imgc.spec.model.Mount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container's mounts as LinuxKit lays them out: its default mounts, then {@code tmpfs}, then
 * {@code binds}, then {@code mounts}, each replacing an earlier one at the same destination, listed
 * by destination (byte order, so {@code /dev} comes before {@code /dev/pts}).
 */
final class MountTable {
  private final Map<String, Mount> byDestination = new TreeMap<>(GoJson.STRING_ORDER);

  private MountTable() {}

  static List<Mount> of(boolean readonly, List<String> tmpfs, List<String> binds, List<Mount> mounts) throws FieldProblem {
    MountTable table = new MountTable();
    table.defaults(readonly);
    for (String entry : tmpfs) {
      table.tmpfs(entry);
    }
    for (String entry : binds) {
      table.bind(entry);
    }
    for (Mount mount : mounts) {
      table.mount(mount);
    }
    return List.copyOf(table.byDestination.values());
  }

  /** Docker's default options; a read-only container also gets read-only /dev and /sys. */
  private void defaults(boolean readonly) {
    put(new Mount("/proc", "proc", "proc", List.of("nosuid", "nodev", "noexec", "relatime")));
    put(new Mount("/dev", "tmpfs", "tmpfs", withRo(readonly, "nosuid", "strictatime", "mode=755", "size=65536k")));
    put(new Mount("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")));
    put(new Mount("/sys", "sysfs", "sysfs", withRo(readonly, "nosuid", "noexec", "nodev")));
    put(new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));
  }

  private static List<String> withRo(boolean readonly, String... options) {
    List<String> list = new ArrayList<>(List.of(options));
    if (readonly) {
      list.add("ro");
    }
    return list;
  }

  /** {@code dst[:opt,opt]}; without options the mount has none. */
  private void tmpfs(String entry) throws FieldProblem {
    String[] parts = entry.split(":", -1);
    if (parts.length > 2) {
      throw new FieldProblem("tmpfs", "'" + entry + "' has more than one ':'; write DESTINATION[:OPTION,OPTION]");
    }
    List<String> options = parts.length == 2 ? List.of(parts[1].split(",", -1)) : List.of();
    put(new Mount(parts[0], "tmpfs", "tmpfs", options));
  }

  /** {@code src:dst[:opt,opt]}; without options {@code rw,rbind,rshared}, with options they and {@code rbind}. */
  private void bind(String entry) throws FieldProblem {
    String[] parts = entry.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new FieldProblem("binds", "'" + entry + "' is not SOURCE:DESTINATION[:OPTION,OPTION]");
    }
    List<String> options = new ArrayList<>();
    if (parts.length == 3) {
      options.addAll(List.of(parts[2].split(",", -1)));
      options.add("rbind");
    } else {
      options.addAll(List.of("rw", "rbind", "rshared"));
    }
    put(new Mount(parts[1], "bind", parts[0], options));
  }

  /**
   * A full mount; a missing type comes from a well-known source ({@code proc}, {@code sysfs} …) or
   * is {@code tmpfs} at {@code /dev}, a missing source is the type, a missing destination is the
   * type's usual place.
   */
  private void mount(Mount mount) throws FieldProblem {
    String type = mount.type();
    if (type.isEmpty() && List.of("mqueue", "devpts", "proc", "sysfs", "cgroup").contains(mount.source())) {
      type = mount.source();
    }
    if (type.isEmpty() && mount.destination().equals("/dev")) {
      type = "tmpfs";
    }
    if (type.isEmpty()) {
      throw new FieldProblem("mounts", "the mount at '" + mount.destination() + "' has no type; add 'type:'");
    }
    String source = mount.source().isEmpty() ? type : mount.source();
    String destination = mount.destination().isEmpty() ? defaultMountpoint(type) : mount.destination();
    if (destination.isEmpty()) {
      throw new FieldProblem("mounts", "the " + type + " mount has no destination; add 'destination:'");
    }
    put(new Mount(destination, type, source, mount.options()));
  }

  private static String defaultMountpoint(String type) {
    return switch (type) {
      case "proc" -> "/proc";
      case "devpts" -> "/dev/pts";
      case "sysfs" -> "/sys";
      case "cgroup" -> "/sys/fs/cgroup";
      case "mqueue" -> "/dev/mqueue";
      default -> "";
    };
  }

  private void put(Mount mount) {
    byDestination.put(mount.destination(), mount);
  }
}
