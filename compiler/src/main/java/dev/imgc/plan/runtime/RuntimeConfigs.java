package dev.imgc.plan.runtime;

import static dev.imgc.plan.runtime.JsonNodes.mount;
import static dev.imgc.plan.runtime.JsonNodes.putIfNotEmpty;
import static dev.imgc.plan.runtime.JsonNodes.strings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.spec.LabelConfig;
import dev.imgc.spec.model.Device;
import dev.imgc.spec.model.Id;
import dev.imgc.spec.model.IdMapping;
import dev.imgc.spec.model.ImageConfig;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Mount;
import dev.imgc.spec.model.RuntimeSetup;
import dev.imgc.spec.model.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Makes a container's OCI runtime {@code config.json} as LinuxKit's {@code ConfigToOCI} does:
 * {@code args}, {@code env} and {@code cwd} from the image config (Entrypoint+Cmd, Env, WorkingDir),
 * every field from the image's {@code org.mobyproject.config} label, every field from the spec,
 * each later one replacing the earlier; then LinuxKit's defaults for what none of them sets. The
 * bytes are those LinuxKit writes for the same inputs (see README.md for the few differences).
 * Pure: no I/O, no clock; the same inputs give the same bytes.
 */
public final class RuntimeConfigs {
  /** The runtime spec version LinuxKit's Go types (runtime-spec v1.2.1) write. */
  static final String OCI_VERSION = "1.2.1";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper RESOURCES_READER = new ObjectMapper();

  private RuntimeConfigs() {}

  /**
   * A container's bundle configuration.
   *
   * @param configJson the bytes of {@code config.json}
   * @param runtime what LinuxKit's init does around the container ({@code runtime.json}, see {@link RuntimeJson})
   * @param readonlyRoot whether the root filesystem is read-only, which decides the bundle's layout
   */
  public record Result(byte[] configJson, RuntimeSetup runtime, boolean readonlyRoot) {}

  /**
   * The configuration of {@code container} made from {@code image} (the image's OCI config). Names
   * used as ids come from {@code ids}; volume names in binds and mounts from {@code volumes}.
   */
  public static Result generate(ImageSpec container, dev.imgc.image.oci.ImageConfig image, IdAllocator ids, Volumes volumes)
      throws ContainerConfigException {
    RuntimeConfig imageConfig = Optional.ofNullable(image.config()).orElse(RuntimeConfig.EMPTY);
    String imageName = container.image().value();
    Optional<ImageConfig> label;
    try {
      label = labelOf(imageConfig, imageName);
    } catch (LabelConfig.InvalidLabelException e) {
      throw new ContainerConfigException(container.image().source(), "container '" + container.name().value() + "': " + e.getMessage());
    }
    try {
      return new Generator(container.config(), new Layers(label, container.config()), imageConfig, ids, volumes).result();
    } catch (FieldProblem problem) {
      Optional<Source> inSpec = SpecFieldSources.of(container.config(), problem.field());
      String fromLabel = inSpec.isPresent() ? "" : " (from the image's " + LabelConfig.LABEL + " label)";
      throw new ContainerConfigException(inSpec.orElse(container.source()), "container '" + container.name().value()
          + "' (image " + imageName + "): " + problem.field() + fromLabel + ": " + problem.getMessage());
    }
  }

  private static Optional<ImageConfig> labelOf(RuntimeConfig config, String imageName) throws LabelConfig.InvalidLabelException {
    String text = config.labels() == null ? null : config.labels().get(LabelConfig.LABEL);
    return text == null || text.isEmpty() ? Optional.empty() : Optional.of(LabelConfig.parse(text, imageName));
  }

  /** The work of one {@link #generate} call. */
  private record Generator(ImageConfig spec, Layers layers, RuntimeConfig image, IdAllocator ids, Volumes volumes) {
    Result result() throws FieldProblem {
      boolean readonly = layers.flag(ImageConfig::readonly);
      ObjectNode config = JSON.objectNode();
      config.put("ociVersion", OCI_VERSION);
      config.set("process", process());
      ObjectNode root = config.putObject("root");
      root.put("path", "rootfs");
      putIfTrue(root, "readonly", readonly);
      layers.nonEmpty(ImageConfig::hostname).ifPresent(hostname -> config.put("hostname", hostname));
      config.set("mounts", mounts(readonly));
      putIfNotEmpty(config, "annotations", stringMap(layers.get(ImageConfig::annotations)));
      config.set("linux", linux());
      return new Result(GoJson.write(config), layers.runtime(), readonly);
    }

    private ObjectNode process() throws FieldProblem {
      ObjectNode process = JSON.objectNode();
      ObjectNode user = process.putObject("user");
      user.put("uid", id(layers.get(ImageConfig::uid), "uid"));
      user.put("gid", id(layers.get(ImageConfig::gid), "gid"));
      ArrayNode additional = JSON.arrayNode();
      for (Id gid : layers.list(ImageConfig::additionalGids)) {
        additional.add(id(Optional.of(gid), "additionalGids"));
      }
      putIfNotEmpty(user, "additionalGids", additional);
      List<String> imageCommand = new ArrayList<>(Objects.requireNonNullElse(image.entrypoint(), List.of()));
      imageCommand.addAll(Objects.requireNonNullElse(image.cmd(), List.of()));
      putIfNotEmpty(process, "args", strings(layers.get(ImageConfig::command).orElse(imageCommand)));
      putIfNotEmpty(process, "env", strings(layers.get(ImageConfig::env).orElse(Objects.requireNonNullElse(image.env(), List.of()))));
      String workingDir = Objects.requireNonNullElse(image.workingDir(), "");
      process.put("cwd", layers.nonEmpty(ImageConfig::cwd).orElse(workingDir.isEmpty() ? "/" : workingDir));
      process.set("capabilities", capabilities());
      ArrayNode rlimits = JSON.arrayNode();
      for (String text : layers.list(ImageConfig::rlimits)) {
        Rlimit rlimit = Rlimit.parse(text);
        rlimits.addObject().put("type", rlimit.type()).put("hard", rlimit.hard()).put("soft", rlimit.soft());
      }
      putIfNotEmpty(process, "rlimits", rlimits);
      putIfTrue(process, "noNewPrivileges", layers.flag(ImageConfig::noNewPrivileges));
      layers.get(ImageConfig::oomScoreAdj).ifPresent(score -> process.put("oomScoreAdj", score));
      return process;
    }

    private long id(Optional<Id> id, String field) throws FieldProblem {
      if (id.isEmpty()) {
        return 0;
      }
      OptionalLong number = ids.resolve(id.get());
      if (number.isEmpty()) {
        String shown = id.get() instanceof Id.Named named ? "'" + named.name() + "'" : String.valueOf(((Id.Numeric) id.get()).id());
        throw new FieldProblem(field, shown + " is neither an id from 0 to 4294967295, 'root', nor the name of a container in the spec");
      }
      return number.getAsLong();
    }

    private ObjectNode capabilities() throws FieldProblem {
      List<String> listed = Layers.replacedOrAdded(
          value(spec.capabilities()), layers.label().flatMap(ImageConfig::capabilities).map(Located::value), value(spec.capabilitiesAdd()));
      Capabilities capabilities = Capabilities.of(listed, layers.list(ImageConfig::ambient));
      ObjectNode node = JSON.objectNode();
      putIfNotEmpty(node, "bounding", strings(capabilities.bounding()));
      putIfNotEmpty(node, "effective", strings(capabilities.effective()));
      putIfNotEmpty(node, "inheritable", strings(capabilities.bounding()));
      putIfNotEmpty(node, "permitted", strings(capabilities.bounding()));
      putIfNotEmpty(node, "ambient", strings(capabilities.ambient()));
      return node;
    }

    /** The spec's binds and mounts may name volumes; the label's cannot (LinuxKit rewrites only the spec's). */
    private ArrayNode mounts(boolean readonly) throws FieldProblem {
      Optional<List<String>> specBinds = value(spec.binds());
      Optional<List<String>> specBindsAdd = value(spec.bindsAdd());
      List<String> binds = Layers.replacedOrAdded(
          specBinds.isPresent() ? Optional.of(volumes.inBinds(specBinds.get(), "binds")) : Optional.empty(),
          layers.label().flatMap(ImageConfig::binds).map(Located::value),
          specBindsAdd.isPresent() ? Optional.of(volumes.inBinds(specBindsAdd.get(), "binds.add")) : Optional.empty());
      Optional<List<Mount>> specMounts = value(spec.mounts());
      List<Mount> mounts = specMounts.isPresent()
          ? volumes.inMounts(specMounts.get())
          : layers.label().flatMap(ImageConfig::mounts).map(Located::value).orElse(List.of());
      ArrayNode list = JSON.arrayNode();
      for (Mount mount : MountTable.of(readonly, layers.list(ImageConfig::tmpfs), binds, mounts)) {
        list.add(mount(mount));
      }
      return list;
    }

    private ObjectNode linux() throws FieldProblem {
      ObjectNode linux = JSON.objectNode();
      putIfNotEmpty(linux, "uidMappings", idMappings(layers.list(ImageConfig::uidMappings)));
      putIfNotEmpty(linux, "gidMappings", idMappings(layers.list(ImageConfig::gidMappings)));
      putIfNotEmpty(linux, "sysctl", stringMap(layers.get(ImageConfig::sysctl)));
      ArrayNode devices = JSON.arrayNode();
      List<ObjectNode> rules = new ArrayList<>();
      for (Device device : layers.list(ImageConfig::devices)) {
        ObjectNode rule = JSON.objectNode().put("allow", true).put("type", device.type());
        if (!device.path().equals("all")) {
          devices.addObject()
              .put("path", device.path())
              .put("type", device.type())
              .put("major", device.major())
              .put("minor", device.minor())
              .put("fileMode", fileMode(device));
          rule.put("major", device.major()).put("minor", device.minor());
        }
        rules.add(rule.put("access", "rwm"));
      }
      linux.set("resources", Resources.of(resources(), rules));
      layers.get(ImageConfig::cgroupsPath).filter(path -> !path.isEmpty()).ifPresent(path -> linux.put("cgroupsPath", path));
      linux.set("namespaces", namespaces());
      putIfNotEmpty(linux, "devices", devices);
      layers.get(ImageConfig::rootfsPropagation).filter(p -> !p.isEmpty()).ifPresent(p -> linux.put("rootfsPropagation", p));
      putIfNotEmpty(linux, "maskedPaths", strings(layers.list(ImageConfig::maskedPaths)));
      putIfNotEmpty(linux, "readonlyPaths", strings(layers.list(ImageConfig::readonlyPaths)));
      return linux;
    }

    /** The spec's (or the label's) resources, a missing node when neither sets them. */
    private JsonNode resources() {
      Optional<String> text = layers.get(ImageConfig::resources);
      try {
        return text.isPresent() ? RESOURCES_READER.readTree(text.get()) : JSON.missingNode();
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the spec keeps resources as JSON it wrote itself", e);
      }
    }

    private static long fileMode(Device device) throws FieldProblem {
      String mode = device.mode().orElse("");
      try {
        long value = Long.parseLong(mode, 8);
        if (value >= 0 && value <= Integer.MAX_VALUE) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new FieldProblem("devices", "the device " + device.path() + " needs an octal 'mode' (for example 0660), not '" + mode + "'");
    }

    /**
     * The net, ipc, uts and user namespaces are the host's unless a field asks for a new one or
     * names one by path; the pid namespace is new unless {@code pid: host}; the mount namespace is
     * always new.
     */
    private ArrayNode namespaces() {
      ArrayNode list = JSON.arrayNode();
      namespace(list, "network", layers.nonEmpty(ImageConfig::net).orElse("root"), true);
      namespace(list, "ipc", layers.nonEmpty(ImageConfig::ipc).orElse("root"), false);
      namespace(list, "uts", layers.nonEmpty(ImageConfig::uts).orElse("root"), false);
      namespace(list, "pid", layers.nonEmpty(ImageConfig::pid).orElse("new"), false);
      namespace(list, "user", layers.nonEmpty(ImageConfig::userns).orElse("root"), false);
      list.addObject().put("type", "mount");
      return list;
    }

    /** Only {@code net} takes {@code none} for a new namespace; elsewhere LinuxKit reads it as a path. */
    private static void namespace(ArrayNode list, String type, String value, boolean noneIsNew) {
      if (value.equals("host") || value.equals("root")) {
        return;
      }
      ObjectNode namespace = list.addObject().put("type", type);
      boolean isNew = value.equals("new") || (noneIsNew && value.equals("none"));
      if (!isNew) {
        namespace.put("path", value);
      }
    }
  }

  private static ArrayNode idMappings(List<IdMapping> mappings) {
    ArrayNode list = JSON.arrayNode();
    mappings.forEach(m -> list.addObject().put("containerID", m.containerId()).put("hostID", m.hostId()).put("size", m.size()));
    return list;
  }

  private static ObjectNode stringMap(Optional<SortedMap<String, String>> map) {
    ObjectNode node = JSON.objectNode();
    SortedMap<String, String> sorted = new TreeMap<>(GoJson.STRING_ORDER);
    map.ifPresent(sorted::putAll);
    sorted.forEach(node::put);
    return node;
  }

  private static <T> Optional<T> value(Optional<Located<T>> field) {
    return field.map(Located::value);
  }

  private static void putIfTrue(ObjectNode parent, String name, boolean value) {
    if (value) {
      parent.put(name, true);
    }
  }
}
