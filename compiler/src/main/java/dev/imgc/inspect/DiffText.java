package dev.imgc.inspect;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code imgc diff}'s text form: a line per change, sorted by location, then the content diffs,
 * then a count. {@code + } an entry only in the second listing, {@code - } only in the first,
 * {@code ~ LOCATION: field before→after, ...} one on both sides with fields that differ; a part is
 * its {@code # } line, changed rows as {@code -}/{@code +} lines under it.
 */
public final class DiffText {
  private DiffText() {}

  public static String render(ListingDiff diff, List<ContentDiff> contents) {
    StringBuilder out = new StringBuilder();
    for (ListingDiff.PartChange part : diff.parts()) {
      Part header = new Part(part.title(), part.location(), List.of(), List.of());
      String sign = switch (part.kind()) {
        case ADDED -> "+ ";
        case REMOVED -> "- ";
        case CHANGED -> "~ ";
      };
      out.append(sign).append(ListingText.header(header)).append('\n');
      if (part.kind() == ListingDiff.Kind.CHANGED) {
        part.before().stream().filter(row -> !part.after().contains(row))
            .forEach(row -> out.append("  - ").append(rowText(row)).append('\n'));
        part.after().stream().filter(row -> !part.before().contains(row))
            .forEach(row -> out.append("  + ").append(rowText(row)).append('\n'));
      }
    }
    for (ListingDiff.EntryChange change : diff.entries()) {
      switch (change.kind()) {
        case ADDED -> out.append("+ ").append(entryText(change.location(), change.after())).append('\n');
        case REMOVED -> out.append("- ").append(entryText(change.location(), change.before())).append('\n');
        case CHANGED -> out.append("~ ").append(ListingText.word(change.location())).append(": ")
            .append(change.fields().stream().map(f -> f.field() + " " + SafeText.escape(f.before()) + "\u2192"
                + SafeText.escape(f.after())).collect(Collectors.joining(", "))).append('\n');
      }
    }
    for (ContentDiff content : contents) {
      if (content.note() != null) {
        out.append("~ ").append(ListingText.word(content.location())).append(": content ").append(content.note())
            .append('\n');
      } else {
        content.lines().forEach(line -> out.append(line).append('\n'));
      }
    }
    long added = diff.entries().stream().filter(c -> c.kind() == ListingDiff.Kind.ADDED).count();
    long removed = diff.entries().stream().filter(c -> c.kind() == ListingDiff.Kind.REMOVED).count();
    long changed = diff.entries().stream().filter(c -> c.kind() == ListingDiff.Kind.CHANGED).count();
    out.append(diff.isEmpty() ? "the same\n" : added + " added, " + removed + " removed, " + changed + " changed"
        + (diff.parts().isEmpty() ? "" : ", " + diff.parts().size() + " parts differ") + "\n");
    return out.toString();
  }

  /** The entry's line as a listing shows it, with every column it has. */
  private static String entryText(String location, ListedEntry entry) {
    return ListingText.line(location, entry, new Columns(true, true));
  }

  private static String rowText(Row row) {
    return ListingText.row(row);
  }
}
