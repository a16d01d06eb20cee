package dev.imgc.spec.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import dev.imgc.spec.Diagnostics;
import dev.imgc.spec.Position;
import dev.imgc.spec.Rule;
import dev.imgc.spec.Suggestions;
import dev.imgc.spec.yaml.SourceDocument;
import dev.imgc.spec.yaml.SourceMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns networknt's validation messages into diagnostics placed on the offending key or value: an
 * unknown key at the key itself (with a "did you mean"), a wrong type or value at the value, a missing
 * key at the mapping that lacks it. Alternatives ({@code anyOf}/{@code oneOf}) that fail only on type
 * become one message naming every type allowed; when a value has an alternative's type and fails
 * inside it, only that inner failure is reported.
 */
final class SchemaErrors {
  private final JsonNode schemaTree;
  private final SourceMap sourceMap;
  private final JsonNode document;
  private final Set<String> unknownValues;

  SchemaErrors(JsonNode schemaTree, SourceDocument document, Set<String> unknownValues) {
    this.schemaTree = schemaTree;
    this.sourceMap = document.sourceMap();
    this.document = document.root();
    this.unknownValues = unknownValues;
  }

  void report(Collection<ValidationMessage> messages, Diagnostics diagnostics) {
    // Expected types per value, so that the branches of an anyOf make one message.
    Map<String, Set<String>> expectedTypes = new TreeMap<>();
    Map<String, String> foundTypes = new TreeMap<>();
    List<ValidationMessage> others = new ArrayList<>();
    for (ValidationMessage message : messages) {
      String pointer = message.getInstanceLocation().toString();
      if (unknownValues.contains(pointer)) {
        continue; // its value is not known until the variable is given
      }
      if (checkedByRule(message)) {
        continue; // a semantic check reports it, under its own rule and in its own words
      }
      if (message.getType().equals("type")) {
        foundTypes.put(pointer, String.valueOf(message.getArguments()[0]));
        expectedTypes.computeIfAbsent(pointer, p -> new TreeSet<>()).add(String.valueOf(message.getArguments()[1]));
      } else {
        others.add(message);
      }
    }
    for (ValidationMessage message : others) {
      String pointer = message.getInstanceLocation().toString();
      boolean detailedElsewhere =
          (message.getType().equals("oneOf") || message.getType().equals("anyOf"))
              && messages.stream().anyMatch(m -> m != message && isWithin(m.getInstanceLocation().toString(), pointer));
      if (!detailedElsewhere) {
        reportOne(message, pointer, diagnostics);
      }
    }
    // A value that matched an alternative's type and failed inside it is explained by that failure.
    others.forEach(m -> expectedTypes.keySet().removeIf(p -> isWithin(m.getInstanceLocation().toString(), p)));
    expectedTypes.forEach(
        (pointer, types) ->
            diagnostics.error(
                sourceMap.value(pointer),
                Rule.SCHEMA_TYPE,
                subject(pointer) + " must be " + String.join(" or ", types.stream().map(SchemaErrors::article).toList())
                    + ", not " + article(foundTypes.get(pointer))));
  }

  /**
   * Whether the schema rejected the value inside a definition that names, with {@code x-imgc-rule},
   * the rule a semantic check reports such values under: its {@code enum}s and {@code pattern}s are
   * there for editors, and the check's message is the better one.
   */
  private boolean checkedByRule(ValidationMessage message) {
    if (!VALUE_KEYWORDS.contains(message.getType())) {
      return false; // a wrong type is the schema's to report
    }
    String location = message.getSchemaLocation().toString();
    String fragment = location.substring(location.indexOf('#') + 1);
    for (int slash = fragment.indexOf('/', 1); slash >= 0; slash = fragment.indexOf('/', slash + 1)) {
      if (schemaTree.at(fragment.substring(0, slash)).has(CHECKED_BY)) {
        return true;
      }
    }
    return schemaTree.at(fragment).has(CHECKED_BY);
  }

  private static final Set<String> VALUE_KEYWORDS = Set.of("enum", "pattern", "anyOf", "oneOf");

  /** The keyword a schema definition names its semantic check's rule with. */
  static final String CHECKED_BY = "x-imgc-rule";

  private void reportOne(ValidationMessage message, String pointer, Diagnostics diagnostics) {
    switch (message.getType()) {
      case "additionalProperties" -> {
        String key = message.getProperty();
        String keyPointer = SourceMap.child(pointer, key);
        if (unknownValues.contains(keyPointer)) {
          return; // the key waits on a variable
        }
        Position at = sourceMap.key(keyPointer);
        List<String> allowed = allowedKeys(message);
        diagnostics.error(
            at,
            Rule.SCHEMA_UNKNOWN_KEY,
            "unknown key '" + key + "'" + placeName(pointer) + Suggestions.didYouMean(key, allowed));
      }
      case "required" ->
          diagnostics.error(
              requiredAt(pointer),
              Rule.SCHEMA_REQUIRED,
              subject(pointer) + " lacks the required key '" + message.getProperty() + "'");
      case "enum" ->
          diagnostics.error(
              sourceMap.value(pointer),
              Rule.SCHEMA_VALUE,
              subject(pointer) + " must be one of " + enumText(message) + enumHint(pointer, message));
      default ->
          diagnostics.error(sourceMap.value(pointer), Rule.SCHEMA_VALUE, subject(pointer) + ": " + stripLocation(message));
    }
  }

  /** A missing key is reported on the line that starts the mapping, not across its whole range. */
  private Position requiredAt(String pointer) {
    Position whole = sourceMap.value(pointer);
    return Position.onLine(whole.line(), whole.column(), 1);
  }

  /** The keys the schema object that rejected a key does allow. */
  private List<String> allowedKeys(ValidationMessage message) {
    String location = message.getSchemaLocation().toString();
    String fragment = location.substring(location.indexOf('#') + 1);
    String parent = fragment.substring(0, Math.max(0, fragment.lastIndexOf('/')));
    JsonNode properties = schemaTree.at(parent).path("properties");
    List<String> keys = new ArrayList<>();
    properties.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private String enumText(ValidationMessage message) {
    JsonNode values = message.getSchemaNode();
    List<String> shown = new ArrayList<>();
    values.forEach(v -> shown.add(v.isTextual() ? "'" + v.asText() + "'" : v.toString()));
    return String.join(", ", shown);
  }

  private String enumHint(String pointer, ValidationMessage message) {
    JsonNode value = document.at(pointer);
    if (!value.isTextual()) {
      return "";
    }
    List<String> choices = new ArrayList<>();
    message.getSchemaNode().forEach(v -> choices.add(v.asText()));
    return Suggestions.didYouMean(value.asText(), choices);
  }

  /** "'onboot[0].name'" style name of the value at {@code pointer}, for messages. */
  static String subject(String pointer) {
    if (pointer.isEmpty()) {
      return "the spec";
    }
    StringBuilder out = new StringBuilder();
    for (String part : pointer.substring(1).split("/", -1)) {
      String name = part.replace("~1", "/").replace("~0", "~");
      if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
        out.append('[').append(name).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(name);
      }
    }
    return "'" + out + "'";
  }

  private static String placeName(String pointer) {
    return pointer.isEmpty() ? " at the top level" : " in " + subject(pointer);
  }

  private static boolean isWithin(String pointer, String ancestor) {
    return pointer.equals(ancestor) || pointer.startsWith(ancestor + "/");
  }

  private static String article(String type) {
    return switch (type) {
      case "array" -> "a list";
      case "object" -> "a mapping";
      case "integer" -> "an integer";
      case "null" -> "empty (null)";
      default -> "a " + type;
    };
  }

  private static String stripLocation(ValidationMessage message) {
    String text = message.getMessage();
    String prefix = message.getInstanceLocation() + ": ";
    return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
  }
}
