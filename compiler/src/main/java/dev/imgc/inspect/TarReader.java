package dev.imgc.inspect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Lists a tar archive (ustar, pax or GNU), keeping the few small files an OCI image archive is
 * recognised and read by ({@code oci-layout}, {@code index.json}, manifests and configs).
 */
final class TarReader {
  /** Manifests, indexes and configs are small; a larger blob is a layer and is only hashed. */
  private static final int MAX_KEPT_FILE = 1 << 20;
  private static final int MAX_KEPT_TOTAL = 32 << 20;
  private static final String XATTR = "SCHILY.xattr.";

  /** The listing, and the small files by path. */
  record Result(Part part, Map<String, byte[]> smallFiles) {}

  private TarReader() {}

  static Result read(InputStream in, String title, ReadScope scope) throws IOException {
    PartBuilder part = scope.part(title);
    Map<String, byte[]> kept = new TreeMap<>();
    long keptBytes = 0;
    TarArchiveInputStream tar = new TarArchiveInputStream(new FullySkipping(in), "UTF-8");
    for (TarArchiveEntry entry; (entry = ArchiveHeaders.next(tar, "tar")) != null; ) {
      String path = EntryPaths.normalize(entry.getName());
      int mode = entry.getMode();
      long uid = entry.getLongUserId();
      long gid = entry.getLongGroupId();
      if (entry.isLink()) {
        String target = EntryPaths.normalize(entry.getLinkName());
        part.addName(listed(path, EntryType.HARDLINK, entry).withTarget(target), target);
      } else if (entry.isSymbolicLink()) {
        part.add(listed(path, EntryType.SYMLINK, entry).withTarget(entry.getLinkName()));
      } else if (entry.isDirectory()) {
        part.add(listed(path, EntryType.DIR, entry));
      } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
        EntryType type = entry.isCharacterDevice() ? EntryType.CHAR : EntryType.BLOCK;
        part.add(listed(path, type, entry).withDevice(entry.getDevMajor(), entry.getDevMinor()));
      } else if (entry.isFIFO()) {
        part.add(listed(path, EntryType.FIFO, entry));
      } else {
        InputStream content = tar;
        if (entry.getSize() <= MAX_KEPT_FILE && keptBytes + entry.getSize() <= MAX_KEPT_TOTAL) {
          byte[] bytes = tar.readAllBytes();
          kept.put(path, bytes);
          keptBytes += bytes.length;
          content = new ByteArrayInputStream(bytes);
        }
        ListedEntry file = ListedEntry.file(path, mode, uid, gid, scope.file(path, content));
        part.addName(file.withMtime(mtime(entry)).withXattrs(xattrs(entry)), path);
      }
    }
    return new Result(part.build(), kept);
  }

  private static ListedEntry listed(String path, EntryType type, TarArchiveEntry entry) {
    return ListedEntry.of(path, type, entry.getMode(), entry.getLongUserId(), entry.getLongGroupId())
        .withMtime(mtime(entry)).withXattrs(xattrs(entry));
  }

  private static long mtime(TarArchiveEntry entry) {
    return entry.getLastModifiedTime().toMillis() / 1000;
  }

  /**
   * The extended attributes of pax's {@code SCHILY.xattr.NAME} records (GNU tar's and star's), as
   * hex of the bytes Commons Compress gives (it decodes the values as UTF-8).
   */
  private static Map<String, String> xattrs(TarArchiveEntry entry) {
    Map<String, String> xattrs = new TreeMap<>();
    entry.getExtraPaxHeaders().forEach((key, value) -> {
      if (key.startsWith(XATTR)) {
        xattrs.put(key.substring(XATTR.length()),
            java.util.HexFormat.of().formatHex(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
    });
    return xattrs;
  }
}
