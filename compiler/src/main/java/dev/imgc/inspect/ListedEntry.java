package dev.imgc.inspect;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One line of a listing.
 *
 * @param path relative to the part's root, '/'-separated, without a leading {@code /} or {@code ./}
 * @param mode permission bits only ({@code 07777})
 * @param size bytes of content for a file; 0 for every other type
 * @param sha256 hex digest of a file's content, {@code null} for every other type
 * @param target a symlink's or hard link's target, {@code null} otherwise
 * @param device {@code major,minor} of a char or block device, {@code null} otherwise
 * @param mtime modification time in seconds since 1970 (UTC), {@code null} where the format keeps none
 * @param xattrs extended attributes, name to hex value, sorted; {@code null} where the format keeps none
 */
public record ListedEntry(String path, EntryType type, int mode, long uid, long gid, long size, String sha256,
    String target, String device, Long mtime, SortedMap<String, String> xattrs) {

  public ListedEntry {
    xattrs = xattrs == null ? null : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
  }

  static ListedEntry file(String path, int mode, long uid, long gid, Digest.Result content) {
    return new ListedEntry(path, EntryType.FILE, mode & 07777, uid, gid, content.size(), content.sha256(), null, null,
        null, null);
  }

  static ListedEntry of(String path, EntryType type, int mode, long uid, long gid) {
    return new ListedEntry(path, type, mode & 07777, uid, gid, 0, null, null, null, null, null);
  }

  ListedEntry withTarget(String linkTarget) {
    return new ListedEntry(path, type, mode, uid, gid, size, sha256, linkTarget, device, mtime, xattrs);
  }

  ListedEntry withDevice(long major, long minor) {
    return new ListedEntry(path, type, mode, uid, gid, size, sha256, target, major + "," + minor, mtime, xattrs);
  }

  ListedEntry withMtime(long seconds) {
    return new ListedEntry(path, type, mode, uid, gid, size, sha256, target, device, seconds, xattrs);
  }

  ListedEntry withXattrs(Map<String, String> hexValues) {
    return new ListedEntry(path, type, mode, uid, gid, size, sha256, target, device, mtime, new TreeMap<>(hexValues));
  }

  ListedEntry asHardLinkTo(String linkTarget) {
    return new ListedEntry(path, EntryType.HARDLINK, mode, uid, gid, 0, null, linkTarget, null, mtime, xattrs);
  }

  ListedEntry withContentOf(ListedEntry holder) {
    return new ListedEntry(path, EntryType.FILE, mode, uid, gid, holder.size, holder.sha256, null, null, mtime, xattrs);
  }
}
