package dev.imgc.inspect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Lists a tar archive (ustar, pax or GNU), keeping the few small files an OCI image archive is
 * recognised and read by ({@code oci-layout}, {@code index.json}, manifests and configs).
 */
final class TarReader {
  /** Manifests, indexes and configs are small; a larger blob is a layer and is only hashed. */
  private static final int MAX_KEPT_FILE = 1 << 20;
  private static final int MAX_KEPT_TOTAL = 32 << 20;

  /** The listing, and the small files by path. */
  record Result(Part part, Map<String, byte[]> smallFiles) {}

  private TarReader() {}

  static Result read(InputStream in, String title, ReadScope scope) throws IOException {
    PartBuilder part = scope.part(title);
    Map<String, byte[]> kept = new TreeMap<>();
    long keptBytes = 0;
    PaxBytesTarInputStream tar = new PaxBytesTarInputStream(new FullySkipping(in), scope.budget());
    for (TarArchiveEntry entry; (entry = ArchiveHeaders.next(tar, "tar")) != null; ) {
      String path = EntryPaths.normalize(entry.getName());
      int mode = entry.getMode();
      long uid = entry.getLongUserId();
      long gid = entry.getLongGroupId();
      if (entry.isLink()) {
        String target = EntryPaths.normalize(entry.getLinkName());
        part.addName(listed(path, EntryType.HARDLINK, entry, tar).withTarget(target), target);
      } else if (entry.isSymbolicLink()) {
        part.add(listed(path, EntryType.SYMLINK, entry, tar).withTarget(entry.getLinkName()));
      } else if (entry.isDirectory()) {
        part.add(listed(path, EntryType.DIR, entry, tar));
      } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
        EntryType type = entry.isCharacterDevice() ? EntryType.CHAR : EntryType.BLOCK;
        part.add(listed(path, type, entry, tar).withDevice(entry.getDevMajor(), entry.getDevMinor()));
      } else if (entry.isFIFO()) {
        part.add(listed(path, EntryType.FIFO, entry, tar));
      } else {
        InputStream content = tar;
        if (entry.getSize() <= MAX_KEPT_FILE && keptBytes + entry.getSize() <= MAX_KEPT_TOTAL) {
          byte[] bytes = tar.readAllBytes();
          kept.put(path, bytes);
          keptBytes += bytes.length;
          content = new ByteArrayInputStream(bytes);
        }
        ListedEntry file = ListedEntry.file(path, mode, uid, gid, scope.file(path, content));
        part.addName(file.withMtime(mtime(entry)).withXattrs(tar.xattrs()), path);
      }
    }
    return new Result(part.build(), kept);
  }

  private static ListedEntry listed(String path, EntryType type, TarArchiveEntry entry, PaxBytesTarInputStream tar) {
    return ListedEntry.of(path, type, entry.getMode(), entry.getLongUserId(), entry.getLongGroupId())
        .withMtime(mtime(entry)).withXattrs(tar.xattrs());
  }

  private static long mtime(TarArchiveEntry entry) {
    return entry.getLastModifiedTime().toMillis() / 1000;
  }
}
