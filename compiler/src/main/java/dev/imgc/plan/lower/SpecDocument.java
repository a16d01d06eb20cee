package dev.imgc.plan.lower;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.image.ImageSource;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.spec.model.FileSpec;
import dev.imgc.spec.model.Id;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Spec;
import dev.imgc.spec.model.VolumeSpec;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The resolved spec as a {@code files:} entry with {@code metadata: yaml|json} writes it into the
 * image: the merged spec after variables, with normalised image references and LinuxKit's key
 * names in LinuxKit's order, leaving out what is not set.
 */
final class SpecDocument {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The spec model's names for keys LinuxKit spells with a dot. */
  private static final Map<String, String> KEYS = Map.of("capabilitiesAdd", "capabilities.add", "bindsAdd", "binds.add");

  private SpecDocument() {}

  static String render(Spec spec, Located<String> format) {
    ObjectNode document = tree(spec);
    if (format.value().equals("json")) {
      try {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (format.value().equals("yaml")) {
      Object plain = MAPPER.convertValue(document, Object.class);
      return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build()).dumpToString(plain);
    }
    throw new LoweringException(format.source(), "metadata is written as yaml or json, not '" + format.value() + "'");
  }

  static ObjectNode tree(Spec spec) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode kernel = root.putObject("kernel");
    spec.kernel().image().ifPresent(i -> kernel.put("image", normalized(i.value())));
    spec.kernel().cmdline().ifPresent(c -> kernel.put("cmdline", c.value()));
    spec.kernel().binary().ifPresent(b -> kernel.put("binary", b.value()));
    spec.kernel().tar().ifPresent(t -> kernel.put("tar", t.value()));
    spec.kernel().ucode().ifPresent(u -> kernel.put("ucode", u.value()));
    spec.kernel().modules().ifPresent(m -> m.value().forEach(kernel.putArray("modules")::add));
    ArrayNode init = root.putArray("init");
    spec.init().forEach(i -> init.add(normalized(i.value())));
    images(root.putArray("onboot"), spec.onboot());
    images(root.putArray("onshutdown"), spec.onshutdown());
    images(root.putArray("services"), spec.services());
    ArrayNode files = root.putArray("files");
    for (FileSpec f : spec.files()) {
      ObjectNode o = files.addObject();
      o.put("path", f.path().value());
      o.put("directory", f.directory());
      f.symlink().ifPresent(v -> o.put("symlink", v.value()));
      f.contents().ifPresent(v -> o.put("contents", v.value()));
      f.sourceFile().ifPresent(v -> o.put("source", v.value()));
      f.metadata().ifPresent(v -> o.put("metadata", v.value()));
      o.put("optional", f.optional());
      f.mode().ifPresent(v -> o.put("mode", v.value()));
      f.uid().ifPresent(v -> o.set("uid", value(v)));
      f.gid().ifPresent(v -> o.set("gid", value(v)));
    }
    ArrayNode volumes = root.putArray("volumes");
    for (VolumeSpec v : spec.volumes()) {
      ObjectNode o = volumes.addObject();
      o.put("name", v.name().value());
      v.image().ifPresent(i -> o.put("image", normalized(i.value())));
      if (v.readonly()) {
        o.put("readonly", true);
      }
      v.format().ifPresent(f -> o.put("format", f.value()));
      v.platforms().forEach(o.putArray("platforms")::add);
    }
    if (!spec.prune().isEmpty()) {
      spec.prune().forEach(p -> root.withArray("prune").add(p.value()));
    }
    return root;
  }

  private static void images(ArrayNode array, List<ImageSpec> images) {
    for (ImageSpec image : images) {
      ObjectNode o = array.addObject();
      o.put("name", image.name().value());
      o.put("image", normalized(image.image().value()));
      for (RecordComponent field : image.config().getClass().getRecordComponents()) {
        JsonNode value = value(read(field, image.config()));
        if (!value.isMissingNode()) {
          o.set(KEYS.getOrDefault(field.getName(), field.getName()), value);
        }
      }
    }
  }

  /** Any value of the spec model as JSON: optionals and positions unwrapped, records as objects of what they set. */
  private static JsonNode value(Object value) {
    if (value instanceof Optional<?> optional) {
      return optional.map(SpecDocument::value).orElse(MAPPER.missingNode());
    } else if (value instanceof Located<?> located) {
      return value(located.value());
    } else if (value instanceof Id.Numeric n) {
      return MAPPER.getNodeFactory().numberNode(n.id());
    } else if (value instanceof Id.Named n) {
      return MAPPER.getNodeFactory().textNode(n.name());
    } else if (value instanceof Collection<?> list) {
      ArrayNode array = MAPPER.createArrayNode();
      list.forEach(item -> array.add(value(item)));
      return array;
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode object = MAPPER.createObjectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), value(v)));
      return object;
    } else if (value instanceof Record record) {
      ObjectNode object = MAPPER.createObjectNode();
      for (RecordComponent field : record.getClass().getRecordComponents()) {
        JsonNode v = value(read(field, record));
        boolean empty = v.isMissingNode() || (v.isContainerNode() && v.isEmpty()) || (v.isTextual() && v.asText().isEmpty());
        if (!empty) {
          object.set(field.getName(), v);
        }
      }
      return object;
    }
    return MAPPER.valueToTree(value);
  }

  /** An image as the document names it: normalised for a registry, as written for a transport. */
  private static String normalized(String reference) {
    try {
      return ImageSource.parse(reference, ImageSource.Syntax.SPEC) instanceof ImageSource.Registry registry
          ? registry.reference().normalized() : reference;
    } catch (InvalidReferenceException e) {
      return reference;
    }
  }

  private static Object read(RecordComponent field, Object record) {
    try {
      return field.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("the spec model's records are public", e);
    }
  }
}
