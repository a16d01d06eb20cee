package dev.imgc.inspect;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a tar's pax global headers (typeflag {@code g}) say of every member after them: each keyword
 * holds until a later global header gives it again (an empty value there withdraws it), and a
 * member's own header ({@code x}) overrides it for that member (POSIX {@code pax}). Extended
 * attributes follow the same rule by name, an empty value being one (as GNU tar writes an empty
 * attribute), not a withdrawal.
 */
final class PaxGlobals {
  /** The POSIX fields a listing shows; Commons Compress reads them, but lets a global header beat a member's own. */
  static final Set<String> LISTED_FIELDS = Set.of("path", "linkpath", "uid", "gid", "mtime", "SCHILY.devmajor",
      "SCHILY.devminor");
  /**
   * No tool writes global attributes; a pile of them, listed and held again for every member (each
   * member's listing copies its attributes), is an attack on memory, refused past a file's few.
   */
  static final int MAX_XATTRS = 16;
  static final int MAX_XATTR_BYTES = 64 << 10;
  /** What one member's copy of a global attribute is charged to the listing's budget, besides its bytes. */
  private static final int XATTR_COST = 256;

  private final Map<String, String> fields = new TreeMap<>();
  private SortedMap<String, String> xattrs = Collections.emptySortedMap();
  private long xattrBytes;

  /** Takes in a global header's records. */
  void apply(List<PaxRecord> records) throws IOException {
    TreeMap<String, String> updated = new TreeMap<>(xattrs);
    for (PaxRecord record : records) {
      Optional<PaxXattr> xattr = PaxXattr.of(record);
      if (xattr.isPresent()) {
        updated.put(xattr.get().name(), xattr.get().hex());
      } else {
        take(fields, record);
      }
    }
    long bytes = updated.entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length() / 2).sum();
    if (updated.size() > MAX_XATTRS || bytes > MAX_XATTR_BYTES) {
      throw new IOException("a tar's pax global headers give every member after them more than " + MAX_XATTRS
          + " extended attributes or " + (MAX_XATTR_BYTES >> 10) + " KiB of them, more than any file holds");
    }
    xattrs = Collections.unmodifiableSortedMap(updated);
    xattrBytes = bytes;
  }

  /** A member's attributes: the global ones, each overridden by the member's own {@code own} records. */
  SortedMap<String, String> xattrs(List<PaxRecord> own) throws IOException {
    SortedMap<String, String> merged = xattrs;
    for (PaxRecord record : own) {
      Optional<PaxXattr> xattr = PaxXattr.of(record);
      if (xattr.isPresent()) {
        if (merged == xattrs) {
          merged = new TreeMap<>(xattrs);
        }
        merged.put(xattr.get().name(), xattr.get().hex());
      }
    }
    return merged;
  }

  /**
   * The listed fields a member whose own records are {@code own} has from the pax headers: the
   * global ones, overridden by its own (an empty value of its own withdraws a global one).
   */
  Map<String, String> fields(List<PaxRecord> own) {
    Map<String, String> merged = new TreeMap<>(fields);
    for (PaxRecord record : own) {
      take(merged, record);
    }
    return merged;
  }

  /** A listed field's record into {@code fields}: its value, or, when empty, its withdrawal. */
  private static void take(Map<String, String> fields, PaxRecord record) {
    if (!LISTED_FIELDS.contains(record.keyword())) {
      return;
    }
    if (record.value().length == 0) {
      fields.remove(record.keyword());
    } else {
      fields.put(record.keyword(), record.text());
    }
  }

  /**
   * What listing the global attributes once more costs, charged for each member that has them: a
   * global header is read once but its attributes are listed, and held, for every member after it.
   */
  long costPerMember() {
    return xattrs.isEmpty() ? 0 : xattrBytes + (long) XATTR_COST * xattrs.size();
  }
}
