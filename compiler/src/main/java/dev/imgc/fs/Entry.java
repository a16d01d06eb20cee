package dev.imgc.fs;

/**
 * One entry of a filesystem tree, as every writer in this package receives it.
 *
 * <p>Paths are relative to the root of the tree, '/'-separated, normalised (no {@code .}, {@code ..},
 * empty or trailing components) and never start with '/': {@code etc/passwd}. Writers receive entries
 * in the order they are to be written, parents before children; they do not sort or deduplicate.
 */
public sealed interface Entry
    permits Entry.RegularFile, Entry.Directory, Entry.Symlink, Entry.HardLink, Entry.Device, Entry.Fifo {

  String path();

  Metadata metadata();

  /** A regular file; its bytes are read from {@code content} when the writer streams it. */
  record RegularFile(String path, Metadata metadata, long size, Content content) implements Entry {}

  record Directory(String path, Metadata metadata) implements Entry {}

  record Symlink(String path, Metadata metadata, String target) implements Entry {}

  /** A second name for the regular file at {@code target}, which comes earlier in the same tree. */
  record HardLink(String path, Metadata metadata, String target) implements Entry {}

  record Device(String path, Metadata metadata, DeviceKind kind, int major, int minor) implements Entry {}

  record Fifo(String path, Metadata metadata) implements Entry {}

  enum DeviceKind {
    CHARACTER,
    BLOCK
  }
}
