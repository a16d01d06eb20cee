package dev.imgc.image.layer;

import dev.imgc.fs.Metadata;
import dev.imgc.fs.XattrValue;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One member of a tar stream as {@link TarStream} read it: its name exactly as the archive spells
 * it, what it is, its metadata and the extended attributes its pax records carry. Its content, for a
 * {@link Kind#FILE file}, is the stream the visitor is handed with it.
 *
 * @param name the member's name as written in the archive (not normalised; see {@link #path()})
 * @param typeFlag the tar type flag, for messages about members of a kind no reader places
 * @param metadata permission bits, numeric owners and the archive's modification time in seconds
 * @param linkName the target of a symbolic or hard link, empty for other kinds
 * @param size the length of a file's content, as its header claims
 * @param xattrs extended attributes (pax records {@code SCHILY.xattr.} or {@code LIBARCHIVE.xattr.}) by
 *     name, values as the bytes the archive holds
 */
public record TarMember(String name, Kind kind, char typeFlag, Metadata metadata, String linkName,
    int devMajor, int devMinor, long size, SortedMap<String, XattrValue> xattrs) {

  public enum Kind { DIRECTORY, SYMLINK, HARD_LINK, CHARACTER_DEVICE, BLOCK_DEVICE, FIFO, FILE, OTHER }

  /** The member's path made safe to place; empty for the root itself or a name that climbs out of it. */
  public Optional<MemberPath> path() {
    return MemberPath.of(name);
  }
}
