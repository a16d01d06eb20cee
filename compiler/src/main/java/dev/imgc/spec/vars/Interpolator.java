package dev.imgc.spec.vars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.spec.Diagnostics;
import dev.imgc.spec.Position;
import dev.imgc.spec.Rule;
import dev.imgc.spec.Severity;
import dev.imgc.spec.Variables;
import dev.imgc.spec.yaml.ScalarTypes;
import dev.imgc.spec.yaml.SourceDocument;
import dev.imgc.spec.yaml.SourceMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces {@code ${...}} references in every string of a document, keys included.
 *
 * <p>A plain scalar gets its type again from its new text ({@code mode: ${MODE}} with {@code
 * MODE=0644} is the string-or-number {@code 0644} would have been); a quoted one stays a string. A
 * value whose variable is unset is reported (at {@code unresolvedSeverity}) and its pointer returned in
 * {@link Result#unknownValues}, so that later checks leave a value nobody knows yet alone.
 */
public final class Interpolator {
  private final Variables variables;
  private final Severity unresolvedSeverity;
  private final Diagnostics diagnostics;
  private final Set<String> unknownValues = new HashSet<>();
  /** Pointers of keys that interpolation changed, old to new, inner keys before the keys around them. */
  private final Map<String, String> renamedKeys = new LinkedHashMap<>();
  private SourceDocument document;

  private Interpolator(Variables variables, Severity unresolvedSeverity, Diagnostics diagnostics) {
    this.variables = variables;
    this.unresolvedSeverity = unresolvedSeverity;
    this.diagnostics = diagnostics;
  }

  /** The interpolated document and the pointers of values that stay unknown. */
  public record Result(SourceDocument document, Set<String> unknownValues) {
    public Result {
      unknownValues = Set.copyOf(unknownValues);
    }
  }

  public static Result interpolate(
      SourceDocument document, Variables variables, Severity unresolvedSeverity, Diagnostics diagnostics) {
    Interpolator interpolator = new Interpolator(variables, unresolvedSeverity, diagnostics);
    interpolator.document = document;
    JsonNode root = interpolator.walk(document.root(), "");
    SourceMap sourceMap = document.sourceMap();
    Set<String> unknown = interpolator.unknownValues;
    for (Map.Entry<String, String> rename : interpolator.renamedKeys.entrySet()) {
      sourceMap = sourceMap.moved(rename.getKey(), rename.getValue());
      unknown = SourceMap.moved(unknown, rename.getKey(), rename.getValue());
    }
    return new Result(new SourceDocument(document.file(), document.text(), root, sourceMap), unknown);
  }

  /** A copy of {@code node} with its keys and strings interpolated. */
  private JsonNode walk(JsonNode node, String pointer) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = object.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String childPointer = SourceMap.child(pointer, field.getKey());
        JsonNode value = walk(field.getValue(), childPointer);
        String key = key(field.getKey(), childPointer);
        if (copy.has(key)) {
          diagnostics.error(document.sourceMap().key(childPointer), Rule.YAML_DUPLICATE_KEY,
              "the key '" + field.getKey() + "' becomes '" + key + "', which this mapping already has; keep one");
          continue;
        }
        if (!key.equals(field.getKey())) {
          renamedKeys.put(childPointer, SourceMap.child(pointer, key));
        }
        copy.set(key, value);
      }
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = array.arrayNode();
      for (int i = 0; i < array.size(); i++) {
        copy.add(walk(array.get(i), SourceMap.child(pointer, i)));
      }
      return copy;
    }
    if (node.isTextual() && Template.mayHaveVariables(node.asText())) {
      Optional<String> text = interpolate(node.asText(), document.placer(pointer)::at);
      if (text.isEmpty()) {
        unknownValues.add(pointer);
        return node;
      }
      return document.sourceMap().isPlain(pointer) ? ScalarTypes.plain(text.get()) : JsonNodeFactory.instance.textNode(text.get());
    }
    return node;
  }

  /** A mapping key with its variables replaced; as written when it cannot be (that is reported). */
  private String key(String key, String pointer) {
    if (!Template.mayHaveVariables(key)) {
      return key;
    }
    Optional<String> interpolated = interpolate(key, (offset, length) -> document.sourceMap().key(pointer));
    if (interpolated.isEmpty()) {
      unknownValues.add(pointer); // the schema cannot tell whether a key nobody knows yet is allowed
    }
    return interpolated.orElse(key);
  }

  /** Finds where characters of a scalar are in the file. */
  private interface Locator {
    Position at(int offset, int length);
  }

  /** {@code text} with its variables replaced, or empty after reporting why it cannot be. */
  private Optional<String> interpolate(String text, Locator locator) {
    Template.Parsed parsed = Template.parse(text);
    if (parsed.error().isPresent()) {
      Template.SyntaxError error = parsed.error().get();
      diagnostics.error(locator.at(error.offset(), 1), Rule.VAR_SYNTAX, error.message());
      return Optional.empty();
    }
    Template template = parsed.template().orElseThrow();
    Map<String, String> values = variables.values();
    List<Template.Reference> missing = template.unresolved(values);
    for (Template.Reference reference : missing) {
      String message =
          reference.kind() == Template.Kind.REQUIRED && !reference.argument().isEmpty()
              ? "${" + reference.name() + "} is not set: " + reference.argument()
              : "the variable " + reference.name() + " is not set; give it with --var " + reference.name()
                  + "=VALUE or --var-file FILE, or write ${" + reference.name() + ":-default}";
      diagnostics.report(locator.at(reference.offset(), reference.length()), unresolvedSeverity, Rule.VAR_UNRESOLVED, message);
    }
    return missing.isEmpty() ? Optional.of(template.render(values)) : Optional.empty();
  }
}
