package dev.imgc.inspect;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text form of a listing, made to be read and diffed: a {@code # title} line per part (a nested
 * part's is {@code # LOCATION!/ title}), a line of {@code key=value} fields per row, then a line per
 * entry: {@code path type mode uid:gid size sha256 [mtime=S] [xattrs=N=HEX,...] [-> target]}, with a
 * device's {@code major,minor} as its size and a nested part's paths as {@code LOCATION!/path}.
 * Names are escaped ({@link SafeText}) and a space in a path is {@code \x20}, so every field is one
 * word and {@link ListingParser} reads each line back.
 */
public final class ListingText {
  private ListingText() {}

  public static String render(Listing listing) {
    return render(listing, Columns.DEFAULT);
  }

  public static String render(Listing listing, Columns columns) {
    StringBuilder out = new StringBuilder();
    for (Part part : listing.parts()) {
      out.append(header(part)).append('\n');
      for (Row row : part.rows()) {
        out.append(row(row)).append('\n');
      }
      for (ListedEntry entry : part.entries()) {
        out.append(line(part.locate(entry.path()), entry, columns)).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * {@code # TITLE}, or {@code # LOCATION!/ TITLE} for a part at a location; a title whose first
   * word ends in {@code !/} has that {@code !} escaped, so it is never read as a location.
   */
  static String header(Part part) {
    String title = SafeText.escape(part.title());
    int space = title.indexOf(' ');
    String first = space < 0 ? title : title.substring(0, space);
    if (first.endsWith(Part.INSIDE)) {
      title = first.substring(0, first.length() - Part.INSIDE.length()) + "\\x21/" + title.substring(first.length());
    }
    String at = part.location().isEmpty() ? "" : word(part.location()) + Part.INSIDE + " ";
    return "# " + at + title;
  }

  static String row(Row row) {
    return row.fields().stream().map(f -> f.key() + "=" + value(f.value())).collect(Collectors.joining(" "));
  }

  /** An entry's line, with its path as located in the artifact. */
  static String line(String located, ListedEntry entry, Columns columns) {
    String size = entry.device() != null ? entry.device() : Long.toString(entry.size());
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %s %04o %d:%d %s %s",
        word(located), entry.type().label(), entry.mode(), entry.uid(), entry.gid(), size,
        entry.sha256() == null ? "-" : entry.sha256()));
    if (columns.mtime() && entry.mtime() != null) {
      line.append(" mtime=").append(entry.mtime());
    }
    if (columns.xattrs() && entry.xattrs() != null) {
      line.append(" xattrs=").append(xattrs(entry.xattrs()));
    }
    if (entry.target() != null) {
      line.append(" -> ").append(word(entry.target()));
    }
    return line.toString();
  }

  /** {@code NAME=HEX,...}: a name's {@code ,} and {@code =} are escaped, so the list splits back. */
  static String xattrs(Map<String, String> xattrs) {
    return xattrs.entrySet().stream()
        .map(e -> word(e.getKey()).replace(",", "\\x2c").replace("=", "\\x3d") + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /**
   * A name as one word: escaped, a space as {@code \x20} and a quote as {@code \x22}, so that no
   * entry line starts like a row's quoted value ({@code name="EFI System"}), and a {@code #} that
   * starts it as {@code \x23}, so that none starts like a part's {@code # } line.
   */
  static String word(String name) {
    String word = SafeText.escape(name).replace(" ", "\\x20").replace("\"", "\\x22");
    return word.startsWith("#") ? "\\x23" + word.substring(1) : word;
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
