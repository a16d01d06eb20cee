package dev.imgc.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.spec.yaml.SourceDocument;
import dev.imgc.spec.yaml.SourceMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolKind;

/**
 * The document's outline: each top-level section (kernel, init, onboot, onshutdown, services, files,
 * volumes …) with its entries, named as a person finds them: a container by its name, a file by its
 * path, an init image by its reference. Empty while the text is not YAML.
 */
final class Outline {
  private Outline() {}

  static List<DocumentSymbol> of(Document document) {
    return SpecTree.read(document).map(tree -> sections(document, tree)).orElse(List.of());
  }

  private static List<DocumentSymbol> sections(Document document, SourceDocument tree) {
    List<DocumentSymbol> sections = new ArrayList<>();
    if (!tree.root().isObject()) {
      return sections;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.root().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> section = it.next();
      String pointer = SourceMap.child("", section.getKey());
      List<DocumentSymbol> entries = new ArrayList<>();
      JsonNode value = section.getValue();
      for (int i = 0; value.isArray() && i < value.size(); i++) {
        JsonNode entry = value.get(i);
        String name = entry.isTextual() ? entry.asText()
            : entry.path("name").isTextual() ? entry.get("name").asText()
            : entry.path("path").isTextual() ? entry.get("path").asText()
            : section.getKey() + "[" + i + "]";
        String detail = entry.path("image").asText(entry.path("contents").isMissingNode() ? "" : "contents");
        entries.add(symbol(document, tree, SourceMap.child(pointer, i), name, detail,
            section.getKey().equals("files") ? SymbolKind.File : SymbolKind.Object, List.of()));
      }
      if (value.isObject()) {
        value.fieldNames().forEachRemaining(key -> entries.add(symbol(document, tree, SourceMap.child(pointer, key), key,
            value.get(key).isValueNode() ? value.get(key).asText() : "", SymbolKind.Property, List.of())));
      }
      sections.add(symbol(document, tree, pointer, section.getKey(), "", SymbolKind.Namespace, entries));
    }
    return sections;
  }

  private static DocumentSymbol symbol(Document document, SourceDocument tree, String pointer, String name, String detail,
      SymbolKind kind, List<DocumentSymbol> children) {
    Range selection = document.lines().range(tree.sourceMap().key(pointer));
    Range value = document.lines().range(tree.sourceMap().value(pointer));
    Range whole = new Range(selection.getStart(), after(value.getEnd(), selection.getEnd()) ? value.getEnd() : selection.getEnd());
    DocumentSymbol symbol = new DocumentSymbol(name.isBlank() ? "(unnamed)" : name, kind, whole, selection, detail);
    symbol.setChildren(children);
    return symbol;
  }

  private static boolean after(org.eclipse.lsp4j.Position a, org.eclipse.lsp4j.Position b) {
    return a.getLine() > b.getLine() || a.getLine() == b.getLine() && a.getCharacter() > b.getCharacter();
  }
}
