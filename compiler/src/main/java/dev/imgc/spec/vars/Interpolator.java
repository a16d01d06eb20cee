package dev.imgc.spec.vars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.spec.Diagnostics;
import dev.imgc.spec.Rule;
import dev.imgc.spec.Severity;
import dev.imgc.spec.Variables;
import dev.imgc.spec.yaml.ScalarTypes;
import dev.imgc.spec.yaml.SourceDocument;
import dev.imgc.spec.yaml.SourceMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Replaces {@code ${...}} references in every string value of a document (keys are left alone).
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
    JsonNode root = interpolator.walk(document.root().deepCopy(), "");
    return new Result(document.withRoot(root), interpolator.unknownValues);
  }

  /** Returns {@code node} with its strings interpolated (containers are changed in place). */
  private JsonNode walk(JsonNode node, String pointer) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        field.setValue(walk(field.getValue(), SourceMap.child(pointer, field.getKey())));
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, walk(array.get(i), SourceMap.child(pointer, i)));
      }
      return array;
    }
    if (node.isTextual() && Template.mayHaveVariables(node.asText())) {
      return scalar(node, pointer);
    }
    return node;
  }

  private JsonNode scalar(JsonNode node, String pointer) {
    String text = node.asText();
    Template.Parsed parsed = Template.parse(text);
    if (parsed.error().isPresent()) {
      Template.SyntaxError error = parsed.error().get();
      diagnostics.error(document.within(pointer, error.offset(), 1), Rule.VAR_SYNTAX, error.message());
      unknownValues.add(pointer);
      return node;
    }
    Template template = parsed.template().orElseThrow();
    Map<String, String> values = variables.values();
    var missing = template.unresolved(values);
    for (Template.Reference reference : missing) {
      String message =
          reference.kind() == Template.Kind.REQUIRED && !reference.argument().isEmpty()
              ? "${" + reference.name() + "} is not set: " + reference.argument()
              : "the variable " + reference.name() + " is not set; give it with --var " + reference.name()
                  + "=VALUE or --var-file FILE, or write ${" + reference.name() + ":-default}";
      diagnostics.report(
          document.within(pointer, reference.offset(), reference.length()), unresolvedSeverity, Rule.VAR_UNRESOLVED, message);
    }
    if (!missing.isEmpty()) {
      unknownValues.add(pointer);
      return node;
    }
    String rendered = template.render(values);
    return document.sourceMap().isPlain(pointer) ? ScalarTypes.plain(rendered) : JsonNodeFactory.instance.textNode(rendered);
  }
}
