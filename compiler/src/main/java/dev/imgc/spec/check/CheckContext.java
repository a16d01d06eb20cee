package dev.imgc.spec.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.spec.Diagnostics;
import dev.imgc.spec.Rule;
import dev.imgc.spec.Severity;
import dev.imgc.spec.yaml.SourceDocument;
import dev.imgc.spec.yaml.SourceMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/** What a semantic check reads (a schema-valid document) and where it reports. */
record CheckContext(SourceDocument document, Set<String> unknownValues, Diagnostics diagnostics) {
  static final String[] IMAGE_SECTIONS = {"onboot", "onshutdown", "services"};

  JsonNode at(String pointer) {
    return document.root().at(pointer);
  }

  /** The string at {@code pointer}, unless it is absent, not a string, or waits on a variable. */
  Optional<String> text(String pointer) {
    JsonNode node = at(pointer);
    return node.isTextual() && !unknownValues.contains(pointer) ? Optional.of(node.asText()) : Optional.empty();
  }

  /** Calls {@code action} with each element's pointer and node of the list at {@code pointer}. */
  void eachElement(String pointer, BiConsumer<String, JsonNode> action) {
    JsonNode list = at(pointer);
    for (int i = 0; i < list.size() && list.isArray(); i++) {
      action.accept(SourceMap.child(pointer, i), list.get(i));
    }
  }

  /** Calls {@code action} with the pointer of every image entry in onboot, onshutdown and services. */
  void eachImage(BiConsumer<String, JsonNode> action) {
    for (String section : IMAGE_SECTIONS) {
      eachElement("/" + section, action);
    }
  }

  void report(String pointer, Severity severity, Rule rule, String message) {
    diagnostics.report(document.sourceMap().value(pointer), severity, rule, message);
  }

  void error(String pointer, Rule rule, String message) {
    report(pointer, Severity.ERROR, rule, message);
  }

  void errorAtKey(String pointer, Rule rule, String message) {
    diagnostics.error(document.sourceMap().key(pointer), rule, message);
  }

  /** An error at characters {@code offset..offset+length} inside the string at {@code pointer}. */
  void errorWithin(String pointer, int offset, int length, Rule rule, String message) {
    diagnostics.error(document.within(pointer, offset, length), rule, message);
  }
}
