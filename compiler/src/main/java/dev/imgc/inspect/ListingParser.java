package dev.imgc.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a saved listing back, text ({@link ListingText}) or JSON ({@link ListingJson}), so that a
 * golden file can be compared with an artifact. What it reads renders to the same text again. A
 * line it cannot read is refused naming the line; nothing about the input is trusted (a golden file
 * may be edited by hand, or be any file at all).
 */
public final class ListingParser {
  private static final Pattern ENTRY = Pattern.compile("(\\S+) (file|dir|symlink|hardlink|char|block|fifo) ([0-7]{4})"
      + " (-?\\d{1,19}):(-?\\d{1,19}) (\\d{1,19}|\\d{1,10},\\d{1,10}) ([0-9a-f]{64}|-)(?: mtime=(-?\\d{1,19}))?"
      + "(?: xattrs=(\\S*))?(?: -> (\\S*))?");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern HEX = Pattern.compile("([0-9a-f]{2})*");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern DEVICE = Pattern.compile("\\d{1,10},\\d{1,10}");

  private ListingParser() {}

  /** Whether {@code head}, a file's first bytes, looks like a saved listing rather than an artifact. */
  public static boolean looksLikeListing(byte[] head) {
    for (byte b : head) {
      if (b == 0) {
        return false; // every archive and image has NULs early; a listing is text
      }
    }
    String text = new String(head, java.nio.charset.StandardCharsets.UTF_8).stripLeading();
    return text.startsWith("# ") || text.startsWith("{");
  }

  /** The listing {@code text} holds; an {@link InspectException} names the line it cannot read. */
  public static Listing parse(String text) throws InspectException {
    return text.stripLeading().startsWith("{") ? parseJson(text) : parseText(text);
  }

  private static Listing parseText(String text) throws InspectException {
    List<Part> parts = new ArrayList<>();
    String title = null;
    String location = "";
    List<Row> rows = new ArrayList<>();
    List<ListedEntry> entries = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("# ")) {
          if (title != null) {
            parts.add(new Part(title, location, rows, entries));
          }
          rows = new ArrayList<>();
          entries = new ArrayList<>();
          String header = line.substring(2);
          int space = header.indexOf(' ');
          String first = space < 0 ? header : header.substring(0, space);
          if (first.endsWith(Part.INSIDE) && first.length() > Part.INSIDE.length() && space > 0) {
            location = SafeText.unescape(first.substring(0, first.length() - Part.INSIDE.length()));
            title = SafeText.unescape(header.substring(space + 1));
          } else {
            location = "";
            title = SafeText.unescape(header);
          }
          continue;
        }
        if (title == null) {
          throw new IllegalArgumentException("a listing starts with a '# ' line naming its first part");
        }
        Matcher entry = ENTRY.matcher(line);
        if (entry.matches() && !entry.group(1).contains("\"")) { // a path's quote is \x22: this is a row's quoted value
          entries.add(entry(entry, location));
        } else {
          rows.add(row(line));
        }
      } catch (IllegalArgumentException e) {
        throw new InspectException("is not a listing imgc reads: line " + number + ": " + e.getMessage());
      }
    }
    if (title == null) {
      throw new InspectException("is not a listing imgc reads: it has no '# ' line naming a part");
    }
    parts.add(new Part(title, location, rows, entries));
    return new Listing(parts);
  }

  private static ListedEntry entry(Matcher line, String location) {
    String located = SafeText.unescape(line.group(1));
    String prefix = location.isEmpty() ? "" : location + Part.INSIDE;
    if (!located.startsWith(prefix) || located.length() == prefix.length()) {
      throw new IllegalArgumentException("an entry of the part at " + SafeText.escape(location)
          + " whose path does not start with " + SafeText.escape(prefix));
    }
    EntryType type = EntryType.valueOf(line.group(2).toUpperCase(Locale.ROOT));
    boolean device = type == EntryType.CHAR || type == EntryType.BLOCK;
    String size = line.group(6);
    if (device != size.contains(",")) {
      throw new IllegalArgumentException(device ? "a device without major,minor" : "a size that is not a number");
    }
    String sha256 = line.group(7).equals("-") ? null : line.group(7);
    String target = line.group(10) == null ? null : SafeText.unescape(line.group(10));
    Long mtime = line.group(8) == null ? null : Long.parseLong(line.group(8));
    return new ListedEntry(located.substring(prefix.length()), type, Integer.parseInt(line.group(3), 8),
        Long.parseLong(line.group(4)), Long.parseLong(line.group(5)), device ? 0 : Long.parseLong(size), sha256, target,
        device ? size : null, mtime, line.group(9) == null ? null : xattrs(line.group(9)));
  }

  private static TreeMap<String, String> xattrs(String list) {
    TreeMap<String, String> xattrs = new TreeMap<>();
    if (list.isEmpty()) {
      return xattrs;
    }
    for (String pair : list.split(",", -1)) {
      int equals = pair.lastIndexOf('=');
      if (equals <= 0 || !HEX.matcher(pair.substring(equals + 1)).matches()) {
        throw new IllegalArgumentException("an xattrs column that is not NAME=HEX,...");
      }
      xattrs.put(SafeText.unescape(pair.substring(0, equals)), pair.substring(equals + 1));
    }
    return xattrs;
  }

  /** {@code key=value key="quoted value" ...}; inside quotes, {@code \"} is a quote. */
  private static Row row(String line) {
    List<Field> fields = new ArrayList<>();
    int at = 0;
    while (at < line.length()) {
      int equals = line.indexOf('=', at);
      if (equals < 0 || !KEY.matcher(line.substring(at, equals)).matches()) {
        throw new IllegalArgumentException("neither an entry (path type mode uid:gid size sha256) nor key=value fields");
      }
      String key = line.substring(at, equals);
      StringBuilder value = new StringBuilder();
      at = equals + 1;
      if (at < line.length() && line.charAt(at) == '"') {
        at++;
        while (true) {
          if (at >= line.length()) {
            throw new IllegalArgumentException("a quoted value of " + key + " without its closing quote");
          }
          char c = line.charAt(at);
          if (c == '"') {
            at++;
            break;
          }
          if (c == '\\' && at + 1 < line.length()) {
            char next = line.charAt(at + 1);
            value.append(next == '"' ? "\"" : "\\" + next);
            at += 2;
          } else {
            value.append(c);
            at++;
          }
        }
      } else {
        int space = line.indexOf(' ', at);
        int end = space < 0 ? line.length() : space;
        value.append(line, at, end);
        at = end;
      }
      fields.add(new Field(key, SafeText.unescape(value.toString())));
      if (at < line.length()) {
        if (line.charAt(at) != ' ' || at + 1 == line.length()) {
          throw new IllegalArgumentException("fields are separated by one space");
        }
        at++;
      }
    }
    return new Row(fields);
  }

  private static Listing parseJson(String text) throws InspectException {
    JsonNode root;
    try {
      root = ListingJson.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InspectException("is not a JSON listing: line " + e.getLocation().getLineNr() + " is not valid JSON");
    }
    if (root == null || root.path("version").asInt(-1) != ListingJson.VERSION) {
      throw new InspectException("is not a JSON listing imgc reads: it has no \"version\": " + ListingJson.VERSION);
    }
    List<Part> parts = new ArrayList<>();
    try {
      for (JsonNode part : array(root, "parts")) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode row : array(part, "rows")) {
          List<Field> fields = new ArrayList<>();
          row.fields().forEachRemaining(f -> fields.add(new Field(key(f.getKey()), text(f.getValue(), f.getKey()))));
          if (fields.isEmpty()) {
            throw new IllegalArgumentException("a part has a row without fields");
          }
          rows.add(new Row(fields));
        }
        List<ListedEntry> entries = new ArrayList<>();
        for (JsonNode entry : array(part, "entries")) {
          entries.add(jsonEntry(entry));
        }
        parts.add(new Part(text(part.path("title"), "title"), text(part.path("location"), "location"), rows, entries));
      }
    } catch (IllegalArgumentException e) {
      throw new InspectException("is not a JSON listing imgc reads: " + e.getMessage());
    }
    return new Listing(parts);
  }

  private static ListedEntry jsonEntry(JsonNode entry) {
    String path = text(entry.path("path"), "path");
    EntryType type;
    try {
      type = EntryType.valueOf(text(entry.path("type"), "type").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the entry " + SafeText.escape(path) + " has an unknown type");
    }
    String mode = text(entry.path("mode"), "mode");
    if (!mode.matches("[0-7]{4}")) {
      throw new IllegalArgumentException("the entry " + SafeText.escape(path) + " has a mode that is not 4 octal digits");
    }
    TreeMap<String, String> xattrs = null;
    if (entry.has("xattrs")) {
      xattrs = new TreeMap<>();
      for (var it = entry.path("xattrs").fields(); it.hasNext(); ) {
        var field = it.next();
        xattrs.put(field.getKey(), matching(text(field.getValue(), "xattrs"), HEX, path, "an xattr value that is not hex"));
      }
    }
    // what the text form cannot hold is refused here too, so both forms read the same listings
    if (path.isEmpty()) {
      throw new IllegalArgumentException("an entry has an empty path");
    }
    boolean device = type == EntryType.CHAR || type == EntryType.BLOCK;
    String major = optional(entry, "device");
    if (device != (major != null)) {
      throw new IllegalArgumentException("the entry " + SafeText.escape(path) + (device ? " is a device without" : " has")
          + " a \"device\"");
    }
    long size = number(entry, "size");
    if (size < 0) {
      throw new IllegalArgumentException("the entry " + SafeText.escape(path) + " has a negative size");
    }
    String sha256 = optional(entry, "sha256");
    return new ListedEntry(path, type, Integer.parseInt(mode, 8), number(entry, "uid"), number(entry, "gid"), size,
        sha256 == null ? null : matching(sha256, SHA256, path, "a sha256 that is not 64 hex digits"),
        optional(entry, "target"), major == null ? null : matching(major, DEVICE, path, "a device that is not major,minor"),
        entry.has("mtime") ? number(entry, "mtime") : null, xattrs);
  }

  private static String matching(String value, Pattern pattern, String path, String problem) {
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("the entry " + SafeText.escape(path) + " has " + problem);
    }
    return value;
  }

  private static String key(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("a row has the key \"" + SafeText.escape(key) + "\", not letters, digits, . _ -");
    }
    return key;
  }

  private static Iterable<JsonNode> array(JsonNode node, String name) {
    JsonNode array = node.path(name);
    if (!array.isArray()) {
      throw new IllegalArgumentException("\"" + name + "\" is not an array");
    }
    return array;
  }

  private static String text(JsonNode node, String name) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException("\"" + SafeText.escape(name) + "\" is not a string");
    }
    return node.asText();
  }

  private static String optional(JsonNode entry, String name) {
    return entry.has(name) ? text(entry.path(name), name) : null;
  }

  private static long number(JsonNode entry, String name) {
    JsonNode node = entry.path(name);
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new IllegalArgumentException("\"" + name + "\" of an entry is not an integer");
    }
    return node.asLong();
  }
}
