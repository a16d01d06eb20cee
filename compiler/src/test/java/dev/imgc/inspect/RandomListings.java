package dev.imgc.inspect;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Listings of any shape a reader could give, from a seed: names with spaces, quotes, backslashes,
 * {@code !/} and {@code ->}, control characters, non-ASCII text, lone surrogates and bytes that were
 * not UTF-8; every type, device numbers, times before 1970, extended attributes, nested locations.
 */
final class RandomListings {
  /** Pieces names are made of: what could break a line, a word or an escape. */
  private static final String[] PIECES = {"a", "etc", "motd", " ", "\"", "\\", "\\x41", "!/", "->", " -> ", "=", ",",
      "\n", "\t", "\u001b[31m", "\u00e9", "\u65e5\u672c", "\u202e", "\ud83d\ude00", "\ud800", "\udc80", "\udcff",
      "#", "# ", ".", "..", "/", "x{41}", "mtime=1", "xattrs=a=00", "\u0085", "\u2028"};
  private static final EntryType[] TYPES = EntryType.values();

  private final Random random;

  RandomListings(long seed) {
    this.random = new Random(seed);
  }

  Listing next() {
    List<Part> parts = new ArrayList<>();
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      parts.add(part());
    }
    return new Listing(parts);
  }

  private Part part() {
    String location = random.nextInt(3) == 0 ? "" : name() + (random.nextBoolean() ? "" : Part.INSIDE + name());
    // a title's first word is never LOCATION!/: readers write titles that start with the part's kind
    String title = "t" + name();
    List<Row> rows = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (int j = 1 + random.nextInt(4); j > 0; j--) {
        fields.put("k" + random.nextInt(100) + (random.nextBoolean() ? "-x.y_Z" : ""), random.nextInt(5) == 0 ? "" : name());
      }
      rows.add(new Row(fields.entrySet().stream().map(e -> new Field(e.getKey(), e.getValue())).toList()));
    }
    List<ListedEntry> entries = new ArrayList<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      entries.add(entry());
    }
    return new Part(title, location, rows, entries);
  }

  private ListedEntry entry() {
    EntryType type = TYPES[random.nextInt(TYPES.length)];
    boolean file = type == EntryType.FILE;
    boolean device = type == EntryType.CHAR || type == EntryType.BLOCK;
    boolean link = type == EntryType.SYMLINK || type == EntryType.HARDLINK;
    byte[] sha = new byte[32];
    random.nextBytes(sha);
    TreeMap<String, String> xattrs = null;
    if (random.nextBoolean()) {
      xattrs = new TreeMap<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        byte[] value = new byte[random.nextInt(5)];
        random.nextBytes(value);
        xattrs.put("user." + name(), HexFormat.of().formatHex(value));
      }
    }
    return new ListedEntry(name(), type, random.nextInt(010000), random.nextInt(3) == 0 ? 0 : random.nextLong() & 0xffffffffL,
        random.nextInt(3) == 0 ? 0 : random.nextLong() & 0xffffffffL, file ? random.nextLong() & Long.MAX_VALUE : 0,
        file ? HexFormat.of().formatHex(sha) : null, link ? (random.nextInt(5) == 0 ? "" : name()) : null,
        device ? random.nextInt(4096) + "," + random.nextInt(1 << 20) : null,
        random.nextBoolean() ? null : random.nextLong() >> random.nextInt(64), xattrs);
  }

  /** A non-empty name. */
  private String name() {
    StringBuilder name = new StringBuilder();
    for (int i = 1 + random.nextInt(5); i > 0; i--) {
      name.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return name.toString();
  }
}
