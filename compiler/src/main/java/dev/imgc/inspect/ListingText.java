package dev.imgc.inspect;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The text form of a listing, made to be read and diffed: a {@code # title} line per part, a line
 * of {@code key=value} fields per row, then a line per entry:
 * {@code path type mode uid:gid size sha256 [-> target]}, with a device's {@code major,minor} as its size.
 */
public final class ListingText {
  private ListingText() {}

  public static String render(Listing listing) {
    StringBuilder out = new StringBuilder();
    for (Part part : listing.parts()) {
      out.append("# ").append(SafeText.escape(part.title())).append('\n');
      for (Row row : part.rows()) {
        out.append(row.fields().stream().map(f -> f.key() + "=" + value(f.value())).collect(Collectors.joining(" ")))
            .append('\n');
      }
      for (ListedEntry entry : part.entries()) {
        out.append(line(entry)).append('\n');
      }
    }
    return out.toString();
  }

  static String line(ListedEntry entry) {
    String size = entry.device() != null ? entry.device() : Long.toString(entry.size());
    String line = String.format(Locale.ROOT, "%s %s %04o %d:%d %s %s", SafeText.escape(entry.path()),
        entry.type().label(), entry.mode(), entry.uid(), entry.gid(), size,
        entry.sha256() == null ? "-" : entry.sha256());
    return entry.target() == null ? line : line + " -> " + SafeText.escape(entry.target());
  }

  /** A value with a space or quote in it is quoted, so each field stays one word. */
  private static String value(String text) {
    String escaped = SafeText.escape(text);
    if (escaped.isEmpty() || escaped.contains(" ") || escaped.contains("\"")) {
      return '"' + escaped.replace("\"", "\\\"") + '"';
    }
    return escaped;
  }
}
