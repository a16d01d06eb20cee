package dev.imgc.image.importer;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.image.HostFiles;
import dev.imgc.image.ImageException;
import dev.imgc.image.layer.TarEntryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

/**
 * Reads a root filesystem directory as {@link Entry entries}: names sorted at every level, parents
 * first, permission bits (with setuid, setgid, sticky) and modification times (whole seconds, through the
 * caller's clamp) as on disk, owner 0:0 (an unprivileged user's
 * files become root's in the image, as a rootless build wants), hard links kept, and devices and FIFOs
 * recorded as the nodes they are, never opened. The host's root and the kernel's pseudo-filesystems
 * ({@link HostFiles#refusal}) are refused, at the top or mounted anywhere inside.
 */
public final class DirectoryReader {
  private final Path root;
  private final LongUnaryOperator mtime;
  private final Map<String, String> firstNameOfInode = new HashMap<>();

  private DirectoryReader(Path root, LongUnaryOperator mtime) {
    this.root = root;
    this.mtime = mtime;
  }

  /** @param mtime what a file's time on disk becomes ({@link LongUnaryOperator#identity()} keeps it) */
  public static void read(Path root, LongUnaryOperator mtime, TarEntryReader.Sink sink) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new ImageException(root + " is not a directory; dir: names a root filesystem directory");
    }
    Optional<String> refusal = HostFiles.refusal(root);
    if (refusal.isPresent()) {
      throw new ImageException("dir:" + root + " cannot be imported: " + refusal.get()
          + "; name a directory that holds the image's root filesystem");
    }
    new DirectoryReader(root, mtime).walk(root, device(root), sink);
  }

  private void walk(Path dir, Object device, TarEntryReader.Sink sink) throws IOException {
    List<Path> children;
    try (Stream<Path> listing = Files.list(dir)) {
      children = listing.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
    }
    for (Path child : children) {
      Map<String, Object> unix = Files.readAttributes(child, "unix:mode,ino,dev,nlink,rdev,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
      Entry entry = entry(child, unix);
      if (entry instanceof Entry.Directory && !unix.get("dev").equals(device)) {
        refuseMountedPseudoFilesystem(child);
      }
      sink.accept(entry);
      if (entry instanceof Entry.Directory) {
        walk(child, unix.get("dev"), sink);
      }
    }
  }

  /** A mount point inside the tree (a chroot's /proc, say) is read like any directory, unless it is the kernel's. */
  private static void refuseMountedPseudoFilesystem(Path mountPoint) throws IOException {
    Optional<String> type = HostFiles.pseudoFilesystem(mountPoint);
    if (type.isPresent()) {
      throw new ImageException(mountPoint + " is a mounted " + type.get() + " filesystem, the kernel's view of the"
          + " running system, which an image cannot hold; unmount it, or copy the tree without it");
    }
  }

  private static Object device(Path file) throws IOException {
    return Files.getAttribute(file, "unix:dev", LinkOption.NOFOLLOW_LINKS);
  }

  private Entry entry(Path file, Map<String, Object> unix) throws IOException {
    String path = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    int mode = (Integer) unix.get("mode");
    long seconds = ((FileTime) unix.get("lastModifiedTime")).toInstant().getEpochSecond();
    Metadata metadata = new Metadata(mode & 07777, 0, 0, mtime.applyAsLong(seconds));
    switch (mode & HostFiles.TYPE_MASK) {
      case HostFiles.DIRECTORY:
        return new Entry.Directory(path, metadata);
      case HostFiles.SYMLINK:
        return new Entry.Symlink(path, metadata, Files.readSymbolicLink(file).toString());
      case HostFiles.REGULAR:
        if ((Integer) unix.get("nlink") > 1) {
          String inode = unix.get("dev") + ":" + unix.get("ino");
          String first = firstNameOfInode.putIfAbsent(inode, path);
          if (first != null) {
            return new Entry.HardLink(path, metadata, first);
          }
        }
        return new Entry.RegularFile(path, metadata, (Long) unix.get("size"), () -> Files.newInputStream(file));
      case HostFiles.CHARACTER:
      case HostFiles.BLOCK:
        long rdev = (Long) unix.get("rdev");
        Entry.DeviceKind kind = (mode & HostFiles.TYPE_MASK) == HostFiles.BLOCK ? Entry.DeviceKind.BLOCK : Entry.DeviceKind.CHARACTER;
        return new Entry.Device(path, metadata, kind, (int) ((rdev >>> 8) & 0xfff), (int) ((rdev & 0xff) | ((rdev >>> 12) & 0xfff00)));
      case HostFiles.FIFO:
        return new Entry.Fifo(path, metadata);
      default:
        // A layer is a tar, which has no type for a socket: a socket is a running program's, not a file's.
        throw new ImageException(file + " is " + HostFiles.describe(mode & HostFiles.TYPE_MASK)
            + ", which an image layer cannot hold; remove it from the directory");
    }
  }
}
