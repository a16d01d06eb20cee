package dev.imgc.image.importer;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.image.ImageException;
import dev.imgc.image.layer.TarEntryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a root filesystem directory as {@link Entry entries}: names sorted at every level, parents
 * first, permission bits (with setuid, setgid, sticky) as on disk, owner 0:0 (an unprivileged user's
 * files become root's in the image, as a rootless build wants), hard links and special files kept.
 */
final class DirectoryReader {
  private static final int TYPE_MASK = 0170000;
  private static final int REGULAR = 0100000;
  private static final int DIRECTORY = 0040000;
  private static final int SYMLINK = 0120000;
  private static final int CHARACTER = 0020000;
  private static final int BLOCK = 0060000;
  private static final int FIFO = 0010000;

  private final Path root;
  private final long mtime;
  private final Map<String, String> firstNameOfInode = new HashMap<>();

  private DirectoryReader(Path root, long mtime) {
    this.root = root;
    this.mtime = mtime;
  }

  static void read(Path root, long mtime, TarEntryReader.Sink sink) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new ImageException(root + " is not a directory; dir: names a root filesystem directory");
    }
    new DirectoryReader(root, mtime).walk(root, sink);
  }

  private void walk(Path dir, TarEntryReader.Sink sink) throws IOException {
    List<Path> children;
    try (Stream<Path> listing = Files.list(dir)) {
      children = listing.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
    }
    for (Path child : children) {
      Entry entry = entry(child);
      sink.accept(entry);
      if (entry instanceof Entry.Directory) {
        walk(child, sink);
      }
    }
  }

  private Entry entry(Path file) throws IOException {
    String path = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    Map<String, Object> unix = Files.readAttributes(file, "unix:mode,ino,dev,nlink,rdev,size", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) unix.get("mode");
    Metadata metadata = new Metadata(mode & 07777, 0, 0, mtime);
    switch (mode & TYPE_MASK) {
      case DIRECTORY:
        return new Entry.Directory(path, metadata);
      case SYMLINK:
        return new Entry.Symlink(path, metadata, Files.readSymbolicLink(file).toString());
      case REGULAR:
        if ((Integer) unix.get("nlink") > 1) {
          String inode = unix.get("dev") + ":" + unix.get("ino");
          String first = firstNameOfInode.putIfAbsent(inode, path);
          if (first != null) {
            return new Entry.HardLink(path, metadata, first);
          }
        }
        return new Entry.RegularFile(path, metadata, (Long) unix.get("size"), () -> Files.newInputStream(file));
      case CHARACTER:
      case BLOCK:
        long rdev = (Long) unix.get("rdev");
        Entry.DeviceKind kind = (mode & TYPE_MASK) == BLOCK ? Entry.DeviceKind.BLOCK : Entry.DeviceKind.CHARACTER;
        return new Entry.Device(path, metadata, kind, (int) ((rdev >>> 8) & 0xfff), (int) ((rdev & 0xff) | ((rdev >>> 12) & 0xfff00)));
      case FIFO:
        return new Entry.Fifo(path, metadata);
      default:
        throw new ImageException(file + " is a socket or another kind of file an image cannot hold; remove it from the directory");
    }
  }
}
