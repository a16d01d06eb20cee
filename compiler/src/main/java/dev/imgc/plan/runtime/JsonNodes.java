package dev.imgc.plan.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.spec.model.Mount;

/** JSON members both {@code config.json} and {@code runtime.json} write, with Go's {@code omitempty}. */
final class JsonNodes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonNodes() {}

  /** An OCI mount: destination always, type, source and options when not empty. */
  static ObjectNode mount(Mount mount) {
    ObjectNode node = JSON.objectNode().put("destination", mount.destination());
    if (!mount.type().isEmpty()) {
      node.put("type", mount.type());
    }
    if (!mount.source().isEmpty()) {
      node.put("source", mount.source());
    }
    putIfNotEmpty(node, "options", strings(mount.options()));
    return node;
  }

  static ArrayNode strings(Iterable<String> values) {
    ArrayNode list = JSON.arrayNode();
    values.forEach(list::add);
    return list;
  }

  /** Go's {@code omitempty}: an empty list or map is left out. */
  static void putIfNotEmpty(ObjectNode parent, String name, JsonNode value) {
    if (!value.isEmpty()) {
      parent.set(name, value);
    }
  }
}
