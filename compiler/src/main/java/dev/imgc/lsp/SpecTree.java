package dev.imgc.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.spec.Diagnostics;
import dev.imgc.spec.yaml.SourceDocument;
import dev.imgc.spec.yaml.SourceMap;
import dev.imgc.spec.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A spec's YAML tree with positions, when its text reads as YAML, and the places in it the server
 * looks at: the image references, the kernel's modules.
 */
final class SpecTree {
  /** The sections whose entries are containers with an {@code image}. */
  static final List<String> CONTAINER_SECTIONS = List.of("onboot", "onshutdown", "services", "volumes");

  private SpecTree() {}

  static Optional<SourceDocument> read(Document document) {
    return YamlReader.read(document.text(), new Diagnostics(document.name()));
  }

  /** A string value and its JSON pointer. */
  record Value(String pointer, String text) {}

  /** Every image reference the spec writes: the kernel's, init's, each container's and volume's. */
  static List<Value> images(SourceDocument document) {
    JsonNode root = document.root();
    List<Value> found = new ArrayList<>();
    text(root, "/kernel/image").ifPresent(found::add);
    JsonNode init = root.path("init");
    for (int i = 0; i < init.size() && init.isArray(); i++) {
      text(root, "/init/" + i).ifPresent(found::add);
    }
    for (String section : CONTAINER_SECTIONS) {
      JsonNode list = root.path(section);
      for (int i = 0; i < list.size() && list.isArray(); i++) {
        text(root, SourceMap.child(SourceMap.child("/" + section, i), "image")).ifPresent(found::add);
      }
    }
    return found;
  }

  /** The entries of {@code kernel.modules}. */
  static List<Value> modules(SourceDocument document) {
    List<Value> found = new ArrayList<>();
    JsonNode list = document.root().at("/kernel/modules");
    for (int i = 0; i < list.size() && list.isArray(); i++) {
      text(document.root(), "/kernel/modules/" + i).ifPresent(found::add);
    }
    return found;
  }

  private static Optional<Value> text(JsonNode root, String pointer) {
    JsonNode node = root.at(pointer);
    return node.isTextual() ? Optional.of(new Value(pointer, node.asText())) : Optional.empty();
  }
}
