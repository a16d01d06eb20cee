package dev.imgc.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The JSON form of a listing (schema/listing.schema.json): {@code version} 1, then the same parts,
 * rows and entries as the text form, members in a fixed order. Every character outside ASCII is
 * escaped, so no name from an artifact reaches a terminal raw. A new version is a change a reader
 * of version 1 would misread; new optional members keep the version.
 */
public final class ListingJson {
  /** The version of this form, the first member of every listing. */
  public static final int VERSION = 1;

  static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private ListingJson() {}

  public static String render(Listing listing) {
    return render(listing, Columns.DEFAULT);
  }

  public static String render(Listing listing, Columns columns) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ArrayNode parts = root.putArray("parts");
    for (Part part : listing.parts()) {
      ObjectNode node = parts.addObject();
      node.put("title", part.title());
      node.put("location", part.location());
      ArrayNode rows = node.putArray("rows");
      for (Row row : part.rows()) {
        ObjectNode fields = rows.addObject();
        row.fields().forEach(f -> fields.put(f.key(), f.value()));
      }
      ArrayNode entries = node.putArray("entries");
      part.entries().forEach(entry -> entry(entries.addObject(), entry, columns));
    }
    return write(root);
  }

  /** Pretty JSON, non-ASCII escaped, ending in a newline. */
  static String write(ObjectNode root) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  static void entry(ObjectNode node, ListedEntry entry, Columns columns) {
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
    if (columns.mtime() && entry.mtime() != null) {
      node.put("mtime", entry.mtime());
    }
    if (columns.xattrs() && entry.xattrs() != null) {
      ObjectNode xattrs = node.putObject("xattrs");
      entry.xattrs().forEach(xattrs::put);
    }
  }
}
