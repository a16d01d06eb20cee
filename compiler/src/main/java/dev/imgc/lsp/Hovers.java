package dev.imgc.lsp;

import dev.imgc.build.ImageFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;

/**
 * What the cursor rests on, explained: a key by the schema's description of it (LinuxKit's meaning
 * and imgc's differences) and the values it allows; an image reference by what the store knows of
 * it; a {@code ${VAR}} by its value and where that is set.
 */
final class Hovers {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern KEY = Pattern.compile("^(\\s*(?:-\\s+)*)([^\\s#:'\"\\[\\]{},-][^#:]*?)\\s*:(\\s|$)");

  private Hovers() {}

  static Optional<Hover> at(Workspace workspace, Document document, Position position) {
    String line = document.lines().line(position.getLine());
    int column = Math.max(0, Math.min(position.getCharacter(), line.length()));
    Matcher variable = VARIABLE.matcher(line);
    while (variable.find()) {
      if (variable.start() <= column && column <= variable.end()) {
        return variable(workspace, variable.group(1));
      }
    }
    Matcher key = KEY.matcher(line);
    if (key.find() && column >= key.start(2) && column <= key.end(2)) {
      Cursor cursor = Cursor.at(document.lines(), new Position(position.getLine(), key.end() - (key.group(3).isEmpty() ? 0 : 1)));
      return SchemaIndex.shipped().at(cursor.path()).map(node -> markdown(keyText(cursor.path(), node)));
    }
    Cursor cursor = Cursor.at(document.lines(), new Position(position.getLine(), line.length()));
    Optional<SchemaIndex.Node> node = SchemaIndex.shipped().at(cursor.path());
    if (node.flatMap(SchemaIndex.Node::definition).filter("imageReference"::equals).isPresent()) {
      Matcher keyed = KEY.matcher(line);
      String value = keyed.find() ? line.substring(keyed.end()) : line.replaceFirst("^\\s*(-\\s+)+", "");
      String reference = value.replaceFirst("\\s+#.*$", "").strip().replaceAll("^[\"']|[\"']$", "");
      return reference.isEmpty() ? Optional.empty() : Optional.of(markdown(image(workspace, reference)));
    }
    return Optional.empty();
  }

  private static String keyText(List<String> path, SchemaIndex.Node node) {
    StringBuilder text = new StringBuilder("**").append(path.get(path.size() - 1)).append("**");
    String type = node.schema().path("type").isTextual() ? node.schema().path("type").asText() : "";
    if (!type.isEmpty()) {
      text.append(" (").append(type.equals("array") ? "list" : type.equals("object") ? "mapping" : type).append(')');
    }
    node.description().ifPresent(d -> text.append("\n\n").append(d));
    Set<String> values = SchemaIndex.shipped().values(node);
    if (!values.isEmpty() && values.size() <= 12) {
      text.append("\n\nValues: ").append(String.join(", ", values.stream().map(v -> "`" + v + "`").toList()));
    }
    return text.toString();
  }

  private static String image(Workspace workspace, String reference) {
    Optional<ImageFacts> facts = workspace.store().flatMap(store -> store.image(reference));
    if (facts.isEmpty()) {
      return "**" + reference + "**\n\nNot in the image store yet: a build fetches it (`imgc image pull " + reference + "`).";
    }
    ImageFacts image = facts.get();
    List<String> lines = new ArrayList<>();
    lines.add("**" + image.name() + "**");
    lines.add("");
    lines.add("- digest: `" + image.digest() + "`");
    lines.add("- size: " + String.format(Locale.ROOT, "%.1f MB", image.size() / 1e6) + " (" + image.size() + " bytes, compressed)");
    lines.add("- platform: " + image.platform());
    image.labels().forEach((name, value) -> {
      if (!name.equals(ImageFacts.MOBY_CONFIG)) {
        lines.add("- label `" + name + "`: " + value);
      }
    });
    image.mobyConfig().ifPresent(config -> {
      lines.add("");
      lines.add("`" + ImageFacts.MOBY_CONFIG + "` (the settings the image asks for):");
      lines.add("```json");
      lines.add(config);
      lines.add("```");
    });
    return String.join("\n", lines);
  }

  private static Optional<Hover> variable(Workspace workspace, String name) {
    Workspace.VariableDefinition definition = workspace.variableDefinitions().get(name);
    if (definition == null) {
      return Optional.of(markdown("**${" + name + "}** has no value in the variable files or settings"));
    }
    String where = definition.file() == null ? "the settings" : definition.file() + ":" + (definition.line() + 1);
    return Optional.of(markdown("**${" + name + "}** = `" + definition.value() + "` (from " + where + ")"));
  }

  private static Hover markdown(String text) {
    return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text));
  }
}
