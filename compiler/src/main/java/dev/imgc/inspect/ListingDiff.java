package dev.imgc.inspect;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What differs between two listings: entries added, removed and changed (with the fields that
 * changed), and parts added, removed or with other rows. Entries are matched by location
 * ({@code boot/initrd.img!/etc/motd}); where two parts at one location hold the same path (an
 * initrd's archives), the later one counts, as the kernel unpacks it over the first.
 *
 * @param entries changed entries, sorted by location
 * @param parts changed parts, in the order of the listings
 */
public record ListingDiff(List<EntryChange> entries, List<PartChange> parts) {
  /** The fields an entry is compared by, in the order they are printed; {@code --ignore} names them. */
  public static final List<String> FIELDS =
      List.of("type", "mode", "uid", "gid", "size", "sha256", "target", "device", "mtime", "xattrs");
  /** Not an entry's field: {@code --ignore rows} leaves out the parts' facts (partitions, sections, boot entries). */
  public static final String ROWS = "rows";

  public ListingDiff {
    entries = List.copyOf(entries);
    parts = List.copyOf(parts);
  }

  public enum Kind {
    ADDED, REMOVED, CHANGED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One field's values on each side. */
  public record FieldChange(String field, String before, String after) {}

  /** An entry that is only on one side, or on both with {@code fields} differing. */
  public record EntryChange(Kind kind, String location, ListedEntry before, ListedEntry after, List<FieldChange> fields) {
    public EntryChange {
      fields = List.copyOf(fields);
    }
  }

  /** A part only on one side, or on both with other rows. */
  public record PartChange(Kind kind, String location, String title, List<Row> before, List<Row> after) {
    public PartChange {
      before = List.copyOf(before);
      after = List.copyOf(after);
    }
  }

  public boolean isEmpty() {
    return entries.isEmpty() && parts.isEmpty();
  }

  /** What a user chose not to compare: fields by name ({@link #FIELDS}, {@link #ROWS}) and locations by glob. */
  public record Ignored(Set<String> fields, List<String> pathGlobs) {
    public static final Ignored NOTHING = new Ignored(Set.of(), List.of());

    public Ignored {
      fields = Set.copyOf(fields);
      pathGlobs = List.copyOf(pathGlobs);
      for (String field : fields) {
        if (!FIELDS.contains(field) && !field.equals(ROWS)) {
          throw new IllegalArgumentException("'" + field + "' is not a field a listing has; fields: "
              + String.join(", ", FIELDS) + ", " + ROWS);
        }
      }
    }

    private List<PathMatcher> matchers() {
      return pathGlobs.stream().map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
    }
  }

  public static ListingDiff of(Listing before, Listing after, Ignored ignored) {
    List<PathMatcher> matchers = ignored.matchers();
    Map<String, ListedEntry> left = byLocation(before);
    Map<String, ListedEntry> right = byLocation(after);
    List<EntryChange> changes = new ArrayList<>();
    for (String location : new TreeSet<>(union(left.keySet(), right.keySet()))) {
      if (isIgnored(location, matchers)) {
        continue;
      }
      ListedEntry a = left.get(location);
      ListedEntry b = right.get(location);
      if (a == null) {
        changes.add(new EntryChange(Kind.ADDED, location, null, b, List.of()));
      } else if (b == null) {
        changes.add(new EntryChange(Kind.REMOVED, location, a, null, List.of()));
      } else {
        List<FieldChange> fields = fields(a, b, ignored.fields());
        if (!fields.isEmpty()) {
          changes.add(new EntryChange(Kind.CHANGED, location, a, b, fields));
        }
      }
    }
    return new ListingDiff(changes, parts(before, after, ignored.fields().contains(ROWS), matchers));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  /** Whether {@code location} matches one of {@code globs} ({@code *} within a name, {@code **} across names). */
  public static boolean matchesAny(String location, List<String> globs) {
    return isIgnored(location, new Ignored(Set.of(), globs).matchers());
  }

  private static boolean isIgnored(String location, List<PathMatcher> matchers) {
    if (matchers.isEmpty()) {
      return false;
    }
    try {
      Path path = Path.of(location);
      return matchers.stream().anyMatch(m -> m.matches(path));
    } catch (InvalidPathException unnameable) {
      return false; // a name with a NUL byte no glob can name
    }
  }

  private static Map<String, ListedEntry> byLocation(Listing listing) {
    Map<String, ListedEntry> entries = new TreeMap<>();
    for (Part part : listing.parts()) {
      for (ListedEntry entry : part.entries()) {
        entries.put(part.locate(entry.path()), entry);
      }
    }
    return entries;
  }

  /** The values of an entry's fields, as printed; null where the entry has none. */
  private static final Map<String, Function<ListedEntry, Object>> VALUES = values();

  private static Map<String, Function<ListedEntry, Object>> values() {
    Map<String, Function<ListedEntry, Object>> values = new LinkedHashMap<>();
    values.put("type", e -> e.type().label());
    values.put("mode", e -> String.format(Locale.ROOT, "%04o", e.mode()));
    values.put("uid", ListedEntry::uid);
    values.put("gid", ListedEntry::gid);
    values.put("size", e -> e.device() == null ? e.size() : null);
    values.put("sha256", ListedEntry::sha256);
    values.put("target", ListedEntry::target);
    values.put("device", ListedEntry::device);
    values.put("mtime", ListedEntry::mtime);
    values.put("xattrs", e -> e.xattrs() == null ? null : ListingText.xattrs(e.xattrs()));
    return values;
  }

  /** A field both listings may lack (mtime, xattrs) is compared only when both have it. */
  private static List<FieldChange> fields(ListedEntry a, ListedEntry b, Set<String> ignored) {
    List<FieldChange> changes = new ArrayList<>();
    for (String field : FIELDS) {
      Object x = VALUES.get(field).apply(a);
      Object y = VALUES.get(field).apply(b);
      boolean optional = field.equals("mtime") || field.equals("xattrs");
      if (ignored.contains(field) || optional && (x == null || y == null) || Objects.equals(x, y)) {
        continue;
      }
      changes.add(new FieldChange(field, x == null ? "-" : x.toString(), y == null ? "-" : y.toString()));
    }
    return changes;
  }

  private record PartKey(String location, String title) {}

  private static List<PartChange> parts(Listing before, Listing after, boolean ignoreRows, List<PathMatcher> matchers) {
    Map<PartKey, Part> left = partsByKey(before);
    Map<PartKey, Part> right = partsByKey(after);
    List<PartChange> changes = new ArrayList<>();
    for (Map.Entry<PartKey, Part> entry : left.entrySet()) {
      Part other = right.get(entry.getKey());
      Part part = entry.getValue();
      if (!part.location().isEmpty() && isIgnored(part.location(), matchers)) {
        continue;
      }
      if (other == null) {
        changes.add(new PartChange(Kind.REMOVED, part.location(), part.title(), part.rows(), List.of()));
      } else if (!ignoreRows && !part.rows().equals(other.rows())) {
        changes.add(new PartChange(Kind.CHANGED, part.location(), part.title(), part.rows(), other.rows()));
      }
    }
    for (Map.Entry<PartKey, Part> entry : right.entrySet()) {
      Part part = entry.getValue();
      if (!left.containsKey(entry.getKey()) && !(!part.location().isEmpty() && isIgnored(part.location(), matchers))) {
        changes.add(new PartChange(Kind.ADDED, part.location(), part.title(), List.of(), part.rows()));
      }
    }
    return changes;
  }

  private static Map<PartKey, Part> partsByKey(Listing listing) {
    Map<PartKey, Part> parts = new LinkedHashMap<>();
    listing.parts().forEach(part -> parts.putIfAbsent(new PartKey(part.location(), part.title()), part));
    return parts;
  }
}
