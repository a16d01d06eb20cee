package dev.imgc.plan.lower;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.spec.model.Interface;
import dev.imgc.spec.model.Mount;
import dev.imgc.spec.model.Runtime;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bundle's {@code runtime.json}, which LinuxKit's init reads before starting the container: the
 * mounts that make the bundle's {@code rootfs/} (a bind, or an overlay on a tmpfs), then the spec's
 * runtime mounts, and the other runtime fields. Keys in LinuxKit's order, empty fields left out,
 * indented as LinuxKit indents its JSON.
 */
final class RuntimeJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("    ", "\n"))
      .withArrayIndenter(new DefaultIndenter("    ", "\n"))
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

  private RuntimeJson() {}

  static byte[] render(Runtime runtime, List<Mount> rootfsMounts) {
    ObjectNode root = MAPPER.createObjectNode();
    strings(root, "cgroups", runtime.cgroups());
    List<Mount> mounts = new ArrayList<>(rootfsMounts);
    mounts.addAll(runtime.mounts());
    if (!mounts.isEmpty()) {
      ArrayNode array = root.putArray("mounts");
      mounts.forEach(m -> mount(array.addObject(), m));
    }
    strings(root, "mkdir", runtime.mkdir());
    if (!runtime.interfaces().isEmpty()) {
      ArrayNode array = root.putArray("interfaces");
      runtime.interfaces().forEach(i -> networkInterface(array.addObject(), i));
    }
    if (!runtime.bindNS().isEmpty()) {
      runtime.bindNS().forEach(root.putObject("bindNS")::put);
    }
    runtime.namespace().ifPresent(n -> root.put("namespace", n));
    try {
      return MAPPER.writer(PRINTER).writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mount(ObjectNode o, Mount m) {
    o.put("destination", m.destination());
    if (!m.type().isEmpty()) {
      o.put("type", m.type());
    }
    if (!m.source().isEmpty()) {
      o.put("source", m.source());
    }
    strings(o, "options", m.options());
  }

  private static void networkInterface(ObjectNode o, Interface i) {
    if (!i.name().isEmpty()) {
      o.put("name", i.name());
    }
    if (!i.add().isEmpty()) {
      o.put("add", i.add());
    }
    if (!i.peer().isEmpty()) {
      o.put("peer", i.peer());
    }
    o.put("createInRoot", i.createInRoot());
  }

  private static void strings(ObjectNode o, String key, List<String> values) {
    if (!values.isEmpty()) {
      values.forEach(o.putArray(key)::add);
    }
  }
}
