package dev.imgc.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The JSON form of a listing: the same parts, rows and entries as the text form, members in a fixed
 * order. Every character outside ASCII is escaped, so no name from an artifact reaches a terminal raw.
 */
public final class ListingJson {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private ListingJson() {}

  public static String render(Listing listing) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode parts = root.putArray("parts");
    for (Part part : listing.parts()) {
      ObjectNode node = parts.addObject();
      node.put("title", part.title());
      ArrayNode rows = node.putArray("rows");
      for (Row row : part.rows()) {
        ObjectNode fields = rows.addObject();
        row.fields().forEach(f -> fields.put(f.key(), f.value()));
      }
      ArrayNode entries = node.putArray("entries");
      part.entries().forEach(entry -> entry(entries.addObject(), entry));
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  private static void entry(ObjectNode node, ListedEntry entry) {
    node.put("path", entry.path());
    node.put("type", entry.type().label());
    node.put("mode", String.format(Locale.ROOT, "%04o", entry.mode()));
    node.put("uid", entry.uid());
    node.put("gid", entry.gid());
    node.put("size", entry.size());
    if (entry.sha256() != null) {
      node.put("sha256", entry.sha256());
    }
    if (entry.target() != null) {
      node.put("target", entry.target());
    }
    if (entry.device() != null) {
      node.put("device", entry.device());
    }
  }
}
