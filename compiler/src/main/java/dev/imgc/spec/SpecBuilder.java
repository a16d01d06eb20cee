package dev.imgc.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.imgc.spec.model.Device;
import dev.imgc.spec.model.FileSpec;
import dev.imgc.spec.model.Id;
import dev.imgc.spec.model.IdMapping;
import dev.imgc.spec.model.ImageConfig;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Interface;
import dev.imgc.spec.model.Kernel;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Mount;
import dev.imgc.spec.model.RuntimeSetup;
import dev.imgc.spec.model.Source;
import dev.imgc.spec.model.Spec;
import dev.imgc.spec.model.VolumeSpec;
import dev.imgc.spec.yaml.SourceDocument;
import dev.imgc.spec.yaml.SourceMap;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/** Makes the typed {@link Spec} of one document that passed every check. */
final class SpecBuilder {
  /**
   * Made on first use, by a spec with {@code resources}: an {@code ObjectMapper}'s class initialisation
   * (Jackson's default date format and time zone) is most of what building a spec costs, and few specs
   * have resources.
   */
  private static final class CanonicalJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  }

  private final SourceDocument document;

  private SpecBuilder(SourceDocument document) {
    this.document = document;
  }

  static Spec build(SourceDocument document) {
    return new SpecBuilder(document).spec();
  }

  private Spec spec() {
    return new Spec(
        kernel("/kernel"),
        list("/init", this::requiredString),
        list("/onboot", this::image),
        list("/onshutdown", this::image),
        list("/services", this::image),
        list("/files", this::file),
        list("/volumes", this::volume),
        list("/prune", this::requiredString));
  }

  private Kernel kernel(String p) {
    return new Kernel(
        string(child(p, "image")),
        string(child(p, "cmdline")),
        string(child(p, "binary")),
        string(child(p, "tar")),
        string(child(p, "ucode")),
        strings(child(p, "modules")));
  }

  private ImageSpec image(String p) {
    return new ImageSpec(requiredString(child(p, "name")), requiredString(child(p, "image")), imageConfig(p), source(p));
  }

  private ImageConfig imageConfig(String p) {
    return new ImageConfig(
        strings(child(p, "capabilities")),
        strings(child(p, "capabilities.add")),
        strings(child(p, "ambient")),
        located(child(p, "mounts"), q -> list(q, this::mount)),
        strings(child(p, "binds")),
        strings(child(p, "binds.add")),
        located(child(p, "devices"), q -> list(q, this::device)),
        strings(child(p, "tmpfs")),
        strings(child(p, "command")),
        strings(child(p, "env")),
        string(child(p, "cwd")),
        string(child(p, "net")),
        string(child(p, "pid")),
        string(child(p, "ipc")),
        string(child(p, "uts")),
        string(child(p, "userns")),
        string(child(p, "hostname")),
        located(child(p, "readonly"), q -> node(q).asBoolean()),
        strings(child(p, "maskedPaths")),
        strings(child(p, "readonlyPaths")),
        located(child(p, "uid"), this::id),
        located(child(p, "gid"), this::id),
        located(child(p, "additionalGids"), q -> list(q, this::id)),
        located(child(p, "noNewPrivileges"), q -> node(q).asBoolean()),
        located(child(p, "oomScoreAdj"), q -> node(q).asLong()),
        string(child(p, "rootfsPropagation")),
        string(child(p, "cgroupsPath")),
        located(child(p, "resources"), this::canonicalJson),
        located(child(p, "sysctl"), this::stringMap),
        strings(child(p, "rlimits")),
        located(child(p, "uidMappings"), q -> list(q, this::idMapping)),
        located(child(p, "gidMappings"), q -> list(q, this::idMapping)),
        located(child(p, "annotations"), this::stringMap),
        located(child(p, "runtime"), this::runtime),
        strings(child(p, "prune")));
  }

  private Mount mount(String p) {
    return new Mount(
        node(child(p, "destination")).asText(""),
        node(child(p, "type")).asText(""),
        node(child(p, "source")).asText(""),
        list(child(p, "options"), q -> node(q).asText()));
  }

  private Device device(String p) {
    return new Device(
        node(child(p, "path")).asText(""),
        node(child(p, "type")).asText(""),
        node(child(p, "major")).asLong(),
        node(child(p, "minor")).asLong(),
        string(child(p, "mode")).map(Located::value));
  }

  private IdMapping idMapping(String p) {
    return new IdMapping(
        node(child(p, "containerID")).asLong(), node(child(p, "hostID")).asLong(), node(child(p, "size")).asLong());
  }

  private RuntimeSetup runtime(String p) {
    return new RuntimeSetup(
        list(child(p, "cgroups"), q -> node(q).asText()),
        list(child(p, "mounts"), this::mount),
        list(child(p, "mkdir"), q -> node(q).asText()),
        list(child(p, "interfaces"), this::networkInterface),
        stringMap(child(p, "bindNS")),
        string(child(p, "namespace")).map(Located::value));
  }

  private Interface networkInterface(String p) {
    return new Interface(
        node(child(p, "name")).asText(""),
        node(child(p, "add")).asText(""),
        node(child(p, "peer")).asText(""),
        node(child(p, "createInRoot")).asBoolean(false));
  }

  private FileSpec file(String p) {
    return new FileSpec(
        requiredString(child(p, "path")),
        node(child(p, "directory")).asBoolean(false),
        string(child(p, "symlink")),
        string(child(p, "contents")),
        string(child(p, "source")),
        string(child(p, "metadata")),
        node(child(p, "optional")).asBoolean(false),
        string(child(p, "mode")),
        located(child(p, "uid"), this::id),
        located(child(p, "gid"), this::id),
        source(p));
  }

  private VolumeSpec volume(String p) {
    return new VolumeSpec(
        requiredString(child(p, "name")),
        string(child(p, "image")),
        node(child(p, "readonly")).asBoolean(false),
        string(child(p, "format")),
        list(child(p, "platforms"), q -> node(q).asText()),
        source(p));
  }

  private Id id(String p) {
    JsonNode value = node(p);
    return value.isIntegralNumber() ? new Id.Numeric(value.asLong()) : new Id.Named(value.asText());
  }

  private SortedMap<String, String> stringMap(String p) {
    Map<String, String> map = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node(p).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      map.put(field.getKey(), field.getValue().asText());
    }
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }

  private String canonicalJson(String p) {
    try {
      Object tree = CanonicalJson.MAPPER.treeToValue(node(p), Object.class);
      return CanonicalJson.MAPPER.writeValueAsString(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- reading values by pointer ---

  private JsonNode node(String pointer) {
    return document.root().at(pointer);
  }

  private boolean present(String pointer) {
    JsonNode value = node(pointer);
    return !value.isMissingNode() && !value.isNull();
  }

  private Source source(String pointer) {
    return new Source(document.file(), document.sourceMap().value(pointer));
  }

  private <T> Optional<Located<T>> located(String pointer, Function<String, T> read) {
    return present(pointer) ? Optional.of(new Located<>(read.apply(pointer), source(pointer))) : Optional.empty();
  }

  private Optional<Located<String>> string(String pointer) {
    return located(pointer, p -> node(p).asText());
  }

  private Located<String> requiredString(String pointer) {
    return new Located<>(node(pointer).asText(""), source(pointer));
  }

  private Optional<Located<List<String>>> strings(String pointer) {
    return located(pointer, p -> list(p, q -> node(q).asText()));
  }

  private <T> List<T> list(String pointer, Function<String, T> element) {
    List<T> out = new ArrayList<>();
    JsonNode list = node(pointer);
    for (int i = 0; list.isArray() && i < list.size(); i++) {
      out.add(element.apply(SourceMap.child(pointer, i)));
    }
    return List.copyOf(out);
  }

  private static String child(String pointer, String key) {
    return SourceMap.child(pointer, key);
  }
}
