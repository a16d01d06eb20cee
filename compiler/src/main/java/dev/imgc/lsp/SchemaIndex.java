package dev.imgc.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.spec.SpecSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The spec's JSON Schema, walked by the paths {@link Cursor} gives: which keys a mapping takes, which
 * values a key allows, what each means. {@code $ref}s are followed, and the branches of an
 * {@code anyOf} are read together.
 */
final class SchemaIndex {
  private static final SchemaIndex SHIPPED = load();

  private final JsonNode root;

  private SchemaIndex(JsonNode root) {
    this.root = root;
  }

  static SchemaIndex shipped() {
    return SHIPPED;
  }

  /** One place in the schema: the node with its {@code $ref} followed, and the description written where it was named. */
  record Node(JsonNode schema, Optional<String> description, Optional<String> definition) {}

  Node top() {
    return new Node(root, text(root, "description"), Optional.empty());
  }

  /** The schema of the value at {@code path} (keys and {@link Cursor#ITEM}s); empty where the schema has nothing. */
  Optional<Node> at(List<String> path) {
    Node node = top();
    for (String step : path) {
      Optional<Node> next = step.equals(Cursor.ITEM) ? items(node) : property(node, step);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      node = next.get();
    }
    return Optional.of(node);
  }

  /** The keys a mapping at this node takes, in the schema's order, each with its schema. */
  Map<String, Node> keys(Node node) {
    Map<String, Node> keys = new LinkedHashMap<>();
    for (JsonNode branch : branches(node.schema())) {
      branch.path("properties").fields().forEachRemaining(e -> keys.put(e.getKey(), named(e.getValue())));
    }
    return keys;
  }

  boolean isMapping(Node node) {
    return branches(node.schema()).stream().anyMatch(b -> b.has("properties") || b.path("type").asText().equals("object"));
  }

  /** The values the schema names for this node: its {@code enum}s, then its {@code examples}. */
  Set<String> values(Node node) {
    Set<String> values = new LinkedHashSet<>();
    for (JsonNode branch : branches(node.schema())) {
      branch.path("enum").forEach(v -> values.add(v.asText()));
      branch.path("examples").forEach(v -> values.add(v.asText()));
    }
    return values;
  }

  private Optional<Node> property(Node node, String key) {
    for (JsonNode branch : branches(node.schema())) {
      JsonNode property = branch.path("properties").path(key);
      if (!property.isMissingNode()) {
        return Optional.of(named(property));
      }
    }
    return Optional.empty();
  }

  private Optional<Node> items(Node node) {
    for (JsonNode branch : branches(node.schema())) {
      if (branch.has("items")) {
        return Optional.of(named(branch.get("items")));
      }
    }
    return Optional.empty();
  }

  /** A node as named somewhere: its own description wins over its definition's. */
  private Node named(JsonNode reference) {
    Optional<String> definition = Optional.empty();
    JsonNode target = reference;
    Optional<String> description = text(reference, "description");
    for (int hops = 0; target.has("$ref") && hops < 8; hops++) {
      String ref = target.get("$ref").asText();
      definition = Optional.of(ref.substring(ref.lastIndexOf('/') + 1));
      target = root.at(ref.startsWith("#") ? ref.substring(1) : ref);
      if (description.isEmpty()) {
        description = text(target, "description");
      }
    }
    return new Node(target, description, definition);
  }

  /** The node itself and the branches of its {@code anyOf}/{@code oneOf}/{@code allOf}, references followed. */
  private List<JsonNode> branches(JsonNode schema) {
    List<JsonNode> all = new ArrayList<>();
    all.add(schema);
    for (String combiner : List.of("anyOf", "oneOf", "allOf")) {
      schema.path(combiner).forEach(b -> all.add(named(b).schema()));
    }
    return all;
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.path(field).isTextual() ? Optional.of(node.get(field).asText()) : Optional.empty();
  }

  private static SchemaIndex load() {
    try (InputStream in = SpecSchema.open()) {
      return new SchemaIndex(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
