package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;

/**
 * Lists one cpio newc archive into a part, leaving {@code in} just after its trailer, 4-byte aligned.
 * An initrd's archives may share one part (see {@link StreamArtifact}): the names of one file are
 * matched by inode within one archive only, as the kernel forgets inode numbers at each trailer.
 */
final class CpioReader {
  /** The kernel aligns the archives of an initrd to 4 bytes, not to cpio's 512-byte blocks. */
  private static final int ALIGNMENT = 4;
  /** Longer than any symlink target the kernel accepts (PATH_MAX). */
  private static final int MAX_TARGET = 4096;

  private CpioReader() {}

  static void read(InputStream in, PartBuilder part, ReadScope scope) throws IOException {
    // Not closed: closing would close the initrd stream that may hold further archives.
    @SuppressWarnings("resource")
    CpioArchiveInputStream cpio = new CpioArchiveInputStream(new FullySkipping(in), ALIGNMENT, "ISO-8859-1");
    for (CpioArchiveEntry entry; (entry = ArchiveHeaders.next(cpio, "cpio")) != null; ) {
      // read as ISO-8859-1, one char per byte, so the bytes are all there to decode as UTF-8
      String path = EntryPaths.normalize(EntryPaths.decode(entry.getName().getBytes(StandardCharsets.ISO_8859_1)));
      int mode = (int) entry.getMode();
      EntryType type = EntryType.ofModeBits(mode);
      switch (type) {
        case FILE -> {
          ListedEntry file = ListedEntry.file(path, mode, entry.getUID(), entry.getGID(), scope.file(path, cpio))
              .withMtime(entry.getTime() / 1000);
          if (entry.getNumberOfLinks() > 1) {
            part.addName(file, List.of(entry.getDeviceMaj(), entry.getDeviceMin(), entry.getInode()));
          } else {
            part.add(file);
          }
        }
        case SYMLINK -> {
          byte[] target = cpio.readNBytes(MAX_TARGET);
          part.add(listed(path, type, entry).withTarget(EntryPaths.decode(target)));
        }
        case CHAR, BLOCK -> part.add(listed(path, type, entry)
            .withDevice(entry.getRemoteDeviceMaj(), entry.getRemoteDeviceMin()));
        default -> part.add(listed(path, type, entry));
      }
    }
    part.endArchive();
  }

  private static ListedEntry listed(String path, EntryType type, CpioArchiveEntry entry) {
    return ListedEntry.of(path, type, (int) entry.getMode(), entry.getUID(), entry.getGID())
        .withMtime(entry.getTime() / 1000);
  }
}
