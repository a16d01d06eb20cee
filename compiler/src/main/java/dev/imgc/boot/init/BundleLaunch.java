package dev.imgc.boot.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How the generated init runs one bundle with busybox alone: the shell lines it runs before the
 * container (LinuxKit's {@code runtime.json}: directories and mounts in the init's own namespace),
 * the line that makes the container's namespaces ({@code unshare}, or {@code nsenter} for a
 * namespace given by path), and the lines run inside them ({@code config.json}: mounts under the
 * root, hostname, sysctls, limits, then {@code nsenter --root --wd -S -G} to chroot, change
 * directory and switch user, and exec the process with exactly its environment).
 *
 * <p>What LinuxKit does from outside the container ({@link HostSide}: interfaces, namespace binds)
 * needs its namespaces to exist and its process not to have run yet: under busybox the container is
 * started in the background and waits at a gate (a fifo) until the init has done that work with its
 * pid; under runc a {@code createRuntime} hook does it ({@link RuncConfig}).
 *
 * <p>What busybox cannot do is left undone and said in docs/init.md: capabilities are not dropped,
 * user and cgroup namespaces are not made, seccomp and AppArmor are not applied.
 */
record BundleLaunch(List<String> prepare, String launch, List<String> host, List<String> enter, RuncConfig runc,
    List<String> warnings) {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Device nodes runc gives every container; bound from the init's {@code /dev}. */
  private static final List<String> DEFAULT_DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");
  private static final Set<String> PROPAGATION =
      Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable");

  /** The launch of {@code bundle}, whose enter function the init finds as {@code imgc_enter_INDEX}. */
  static BundleLaunch of(Bundle bundle, int index) {
    JsonNode config = read(bundle.configJson(), bundle, "config.json");
    JsonNode runtime = read(bundle.runtimeJson(), bundle, "runtime.json");
    String bundleDir = "/" + bundle.directory();
    String root = config.path("root").path("path").asText("rootfs");
    root = root.startsWith("/") ? root : bundleDir + "/" + root;
    List<String> host = HostSide.lines(runtime);
    List<String> enter = new ArrayList<>();
    if (!host.isEmpty()) {
      enter.add("imgc_pass_gate " + index);
    }
    enter.addAll(enter(config, root, id(bundle)));
    return new BundleLaunch(prepare(runtime), launch(config, index), host, enter,
        RuncConfig.of(bundle.configJson(), config, index, !host.isEmpty()), LaunchWarnings.of(config, runtime));
  }

  /** Whether the container waits at its gate for {@link #host} work under busybox. */
  boolean gated() {
    return !host.isEmpty();
  }

  /**
   * The container's id under runc: the directory below {@code containers/} with {@code .} for {@code
   * /} ({@code onboot.000-net}, {@code services.web}): unique, as an onboot and an onshutdown container
   * may share a name, and within runc's id alphabet.
   */
  static String id(Bundle bundle) {
    return bundle.directory().replaceFirst("^containers/", "").replace('/', '.');
  }

  /** The line setting one sysctl, quietly, as the container's configuration asks. */
  static String sysctl(String key, String value) {
    return "$bb sysctl -q -w " + Shell.quote(key + "=" + value);
  }

  private static List<String> prepare(JsonNode runtime) {
    List<String> lines = new ArrayList<>();
    for (JsonNode cgroup : runtime.path("cgroups")) { // made before the container, as LinuxKit's init does
      lines.add("$bb mkdir -p " + Shell.quote("/sys/fs/cgroup/" + cgroup.asText().replaceFirst("^/+", "")));
    }
    for (JsonNode dir : runtime.path("mkdir")) {
      lines.add("$bb mkdir -p " + Shell.quote(dir.asText()));
    }
    for (JsonNode mount : runtime.path("mounts")) {
      lines.add(mountLine(mount, mount.path("destination").asText()));
    }
    return lines;
  }

  private static String launch(JsonNode config, int index) {
    List<String> words = new ArrayList<>();
    List<String> join = new ArrayList<>();
    List<String> unshare = new ArrayList<>(List.of("-m"));
    for (JsonNode namespace : config.path("linux").path("namespaces")) {
      String type = namespace.path("type").asText();
      String path = namespace.path("path").asText("");
      String flag = switch (type) {
        case "pid" -> "-p";
        case "network" -> "-n";
        case "ipc" -> "-i";
        case "uts" -> "-u";
        default -> ""; // mount is always new; user and cgroup namespaces are beyond busybox
      };
      if (flag.isEmpty()) {
        continue;
      }
      if (!path.isEmpty()) {
        join.add(flag + path);
      } else if (!unshare.contains(flag)) {
        unshare.add(flag);
      }
    }
    words.add("$imgc_exec"); // exec when started gated, in a subshell of its own; empty otherwise
    if (!join.isEmpty()) {
      words.add("$bb nsenter");
      join.forEach(flag -> words.add(Shell.quote(flag)));
      words.add("--");
    }
    words.add("$bb unshare --propagation shared"); // as the init's; the container's rootfsPropagation then decides
    words.addAll(unshare);
    if (unshare.contains("-p")) {
      words.add("-f"); // the container's process becomes PID 1 of its namespace
    }
    words.add("-- $bb sh \"$imgc_self\" --enter " + index);
    return String.join(" ", words);
  }

  private static List<String> enter(JsonNode config, String root, String id) {
    List<String> lines = new ArrayList<>();
    lines.add("$bb mount --make-" + rootfsPropagation(config) + " /");
    JsonNode mounts = config.path("mounts");
    if (config.path("root").path("readonly").asBoolean(false)) {
      for (JsonNode mount : mounts) {
        lines.add("imgc_mountpoint " + Shell.quote(mount.path("source").asText("")) + " "
            + Shell.quote(root + mount.path("destination").asText()));
      }
      lines.add("$bb mount --bind " + Shell.quote(root) + " " + Shell.quote(root)
          + " && $bb mount -o remount,bind,ro " + Shell.quote(root));
    }
    List<String> lastly = new ArrayList<>();
    for (JsonNode mount : mounts) {
      if (mount.path("destination").asText().equals("/dev") && mount.path("type").asText().equals("tmpfs")) {
        lines.addAll(dev(mount, config, root, lastly));
      } else {
        lines.add(mountLine(mount, root + mount.path("destination").asText()));
      }
    }
    lines.addAll(lastly);
    String hostname = config.path("hostname").asText("");
    if (!hostname.isEmpty()) {
      lines.add("$bb hostname " + Shell.quote(hostname));
    }
    config.path("linux").path("sysctl").fields().forEachRemaining(e -> lines.add(sysctl(e.getKey(), e.getValue().asText())));
    CgroupLimits.line(config.path("linux"), id).ifPresent(lines::add);
    for (JsonNode limit : config.path("process").path("rlimits")) {
      Rlimits.ulimit(limit.path("type").asText(), limit.path("soft").asText(), limit.path("hard").asText())
          .ifPresent(lines::add);
    }
    JsonNode oomScoreAdj = config.path("process").path("oomScoreAdj");
    if (oomScoreAdj.isNumber()) {
      lines.add("echo " + oomScoreAdj.asLong() + " > /proc/self/oom_score_adj");
    }
    lines.add(exec(config.path("process"), root));
    return lines;
  }

  /**
   * How the container's mounts propagate, as runc applies {@code linux.rootfsPropagation}: private
   * unless the container asks to share its mounts (LinuxKit's mount package does, so that a disk it
   * mounts under a shared bind is seen by the init and the other containers).
   */
  private static String rootfsPropagation(JsonNode config) {
    String asked = config.path("linux").path("rootfsPropagation").asText("");
    return switch (asked) {
      case "shared", "rshared" -> "rshared";
      case "slave", "rslave" -> "rslave";
      case "unbindable", "runbindable" -> "runbindable";
      default -> "rprivate";
    };
  }

  /**
   * The container's {@code /dev}: mounted writable whatever its options say, given the device nodes
   * runc would give it, and made read-only, if it is to be, in {@code lastly}: after the mounts below it.
   */
  private static List<String> dev(JsonNode mount, JsonNode config, String root, List<String> lastly) {
    List<String> lines = new ArrayList<>();
    ObjectNode writable = mount.deepCopy();
    ArrayNode options = writable.putArray("options");
    mount.path("options").forEach(option -> {
      if (!option.asText().equals("ro")) {
        options.add(option);
      }
    });
    lines.add(mountLine(writable, root + "/dev"));
    for (String device : DEFAULT_DEVICES) {
      lines.add("imgc_bind /dev/" + device + " " + Shell.quote(root + "/dev/" + device) + " bind rw");
    }
    for (JsonNode device : config.path("linux").path("devices")) {
      String path = root + device.path("path").asText();
      String type = device.path("type").asText("c");
      lines.add("$bb mknod -m " + Integer.toOctalString(device.path("fileMode").asInt(0666)) + " " + Shell.quote(path)
          + " " + Shell.quote(type) + " " + device.path("major").asLong() + " " + device.path("minor").asLong());
    }
    for (String[] link : new String[][] {{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
        {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}}) {
      lines.add("$bb ln -sf " + link[0] + " " + Shell.quote(root + "/dev/" + link[1]));
    }
    if (options.size() < mount.path("options").size()) {
      lastly.add("$bb mount -o remount,ro " + Shell.quote(root + "/dev"));
    }
    return lines;
  }

  private static String exec(JsonNode process, String root) {
    List<String> words = new ArrayList<>(List.of("exec $bb env -i"));
    for (JsonNode variable : process.path("env")) {
      words.add(Shell.quote(variable.asText()));
    }
    words.add("$bb");
    if (process.path("noNewPrivileges").asBoolean(false)) {
      words.add("setpriv --nnp $bb");
    }
    String cwd = process.path("cwd").asText("/");
    words.add("nsenter -F " + Shell.quote("--root=" + root) + " " + Shell.quote("--wd=" + root + cwd));
    long uid = process.path("user").path("uid").asLong(0);
    long gid = process.path("user").path("gid").asLong(0);
    if (uid != 0 || gid != 0) {
      words.add("-S " + uid + " -G " + gid);
    }
    words.add("--");
    for (JsonNode arg : process.path("args")) {
      words.add(Shell.quote(arg.asText()));
    }
    return String.join(" ", words);
  }

  /** The line performing one OCI mount at {@code target}, through the init's helper functions. */
  private static String mountLine(JsonNode mount, String target) {
    Set<String> options = new LinkedHashSet<>();
    mount.path("options").forEach(option -> options.add(option.asText()));
    String type = mount.path("type").asText("");
    String source = mount.path("source").asText("");
    String quotedTarget = Shell.quote(target);
    if (options.remove("remount")) {
      List<String> rest = options.stream().filter(o -> !PROPAGATION.contains(o)).toList();
      List<String> lines = new ArrayList<>();
      options.stream().filter(PROPAGATION::contains)
          .forEach(p -> lines.add("$bb mount --make-" + p + " " + quotedTarget));
      if (!rest.isEmpty()) {
        lines.add("$bb mount -o " + Shell.quote("remount," + String.join(",", rest)) + " " + quotedTarget);
      }
      return String.join("; ", lines);
    }
    if (type.equals("overlay")) {
      return "imgc_overlay " + quotedTarget + " " + Shell.quote(option(options, "lowerdir")) + " "
          + Shell.quote(option(options, "upperdir")) + " " + Shell.quote(option(options, "workdir"));
    }
    boolean recursive = options.contains("rbind");
    if (recursive || options.contains("bind") || type.equals("bind")) {
      StringBuilder bind = new StringBuilder("imgc_bind " + Shell.quote(source) + " " + quotedTarget + " "
          + (recursive ? "rbind" : "bind") + " " + (options.contains("ro") ? "ro" : "rw"));
      options.stream().filter(PROPAGATION::contains)
          .forEach(p -> bind.append("; $bb mount --make-").append(p).append(' ').append(quotedTarget));
      return bind.toString();
    }
    List<String> kept = options.stream().filter(o -> !PROPAGATION.contains(o)).toList();
    return "imgc_mount " + Shell.quote(type) + " " + Shell.quote(source.isEmpty() ? type : source) + " "
        + quotedTarget + " " + Shell.quote(String.join(",", kept));
  }

  private static String option(Set<String> options, String name) {
    return options.stream().filter(o -> o.startsWith(name + "=")).map(o -> o.substring(name.length() + 1))
        .findFirst().orElse("");
  }

  private static JsonNode read(byte[] json, Bundle bundle, String file) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(bundle.directory() + "/" + file + " is not valid JSON", e);
    }
  }
}
