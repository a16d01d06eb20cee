package dev.imgc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hover documents every key: walking the schema as the server walks it (keys, list items, through
 * every {@code $ref}), each key a spec can hold, at every depth, has a description of some length.
 */
class HoverDocumentationTest {
  @Test
  void everyKeyAtEveryDepthHasADescriptionToShow() {
    SchemaIndex schema = SchemaIndex.shipped();
    List<String> undocumented = new ArrayList<>();
    List<String> visited = new ArrayList<>();
    walk(schema, schema.top(), new ArrayList<>(), undocumented, visited, 0);
    assertEquals(List.of(), undocumented);
    assertTrue(visited.size() > 150, "only " + visited.size() + " keys reached");
    assertTrue(visited.contains("services/[]/runtime/bindNS/net"), visited.toString());
  }

  private static void walk(SchemaIndex schema, SchemaIndex.Node node, List<String> path, List<String> undocumented,
      List<String> visited, int depth) {
    if (depth > 8) {
      return;
    }
    schema.keys(node).forEach((key, child) -> {
      List<String> at = new ArrayList<>(path);
      at.add(key);
      visited.add(String.join("/", at));
      SchemaIndex.Node reached = schema.at(at).orElseThrow();
      if (reached.description().map(d -> d.length() < 15).orElse(true)) {
        undocumented.add(String.join("/", at));
      }
      walk(schema, reached, at, undocumented, visited, depth + 1);
      List<String> item = new ArrayList<>(at);
      item.add(Cursor.ITEM);
      schema.at(item).ifPresent(element -> walk(schema, element, item, undocumented, visited, depth + 1));
    });
  }
}
