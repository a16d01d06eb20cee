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

  /** The listing, and the small files by path. */
  record Result(Part part, Map<String, byte[]> smallFiles) {}

  private TarReader() {}

  static Result read(InputStream in, String title) throws IOException {
    PartBuilder part = new PartBuilder(title);
    Map<String, byte[]> kept = new TreeMap<>();
    long keptBytes = 0;
    TarArchiveInputStream tar = new TarArchiveInputStream(new FullySkipping(in), "UTF-8");
    for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
      String path = EntryPaths.normalize(entry.getName());
      int mode = entry.getMode();
      long uid = entry.getLongUserId();
      long gid = entry.getLongGroupId();
      if (entry.isLink()) {
        String target = EntryPaths.normalize(entry.getLinkName());
        part.addName(ListedEntry.of(path, EntryType.HARDLINK, mode, uid, gid).withTarget(target), target);
      } else if (entry.isSymbolicLink()) {
        part.add(ListedEntry.of(path, EntryType.SYMLINK, mode, uid, gid).withTarget(entry.getLinkName()));
      } else if (entry.isDirectory()) {
        part.add(ListedEntry.of(path, EntryType.DIR, mode, uid, gid));
      } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
        EntryType type = entry.isCharacterDevice() ? EntryType.CHAR : EntryType.BLOCK;
        part.add(ListedEntry.of(path, type, mode, uid, gid).withDevice(entry.getDevMajor(), entry.getDevMinor()));
      } else if (entry.isFIFO()) {
        part.add(ListedEntry.of(path, EntryType.FIFO, mode, uid, gid));
      } else {
        InputStream content = tar;
        if (entry.getSize() <= MAX_KEPT_FILE && keptBytes + entry.getSize() <= MAX_KEPT_TOTAL) {
          byte[] bytes = tar.readAllBytes();
          kept.put(path, bytes);
          keptBytes += bytes.length;
          content = new ByteArrayInputStream(bytes);
        }
        part.addName(ListedEntry.file(path, mode, uid, gid, Digest.of(content)), path);
      }
    }
    return new Result(part.build(), kept);
  }
}
