package dev.imgc.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code imgc diff --format json}: version 1, whether the two are equal, and each change. */
public final class DiffJson {
  private DiffJson() {}

  public static String render(ListingDiff diff, List<ContentDiff> contents) {
    ObjectNode root = ListingJson.JSON.createObjectNode();
    root.put("version", ListingJson.VERSION);
    root.put("equal", diff.isEmpty());
    ArrayNode entries = root.putArray("entries");
    for (ListingDiff.EntryChange change : diff.entries()) {
      ObjectNode node = entries.addObject();
      node.put("change", change.kind().label());
      node.put("location", change.location());
      if (change.kind() == ListingDiff.Kind.CHANGED) {
        ArrayNode fields = node.putArray("fields");
        change.fields().forEach(f -> fields.addObject().put("field", f.field()).put("before", f.before())
            .put("after", f.after()));
      }
      Columns all = new Columns(true, true);
      if (change.before() != null) {
        ListingJson.entry(node.putObject("before"), change.before(), all);
      }
      if (change.after() != null) {
        ListingJson.entry(node.putObject("after"), change.after(), all);
      }
    }
    ArrayNode parts = root.putArray("parts");
    for (ListingDiff.PartChange change : diff.parts()) {
      ObjectNode node = parts.addObject().put("change", change.kind().label()).put("location", change.location())
          .put("title", change.title());
      rows(node.putArray("before"), change.before());
      rows(node.putArray("after"), change.after());
    }
    ArrayNode content = root.putArray("content");
    for (ContentDiff diffOfContent : contents) {
      ObjectNode node = content.addObject().put("location", diffOfContent.location());
      if (diffOfContent.note() != null) {
        node.put("note", diffOfContent.note());
      } else {
        node.put("diff", String.join("\n", diffOfContent.lines()) + "\n");
      }
    }
    return ListingJson.write(root);
  }

  private static void rows(ArrayNode array, List<Row> rows) {
    for (Row row : rows) {
      ObjectNode fields = array.addObject();
      row.fields().forEach(f -> fields.put(f.key(), f.value()));
    }
  }
}
