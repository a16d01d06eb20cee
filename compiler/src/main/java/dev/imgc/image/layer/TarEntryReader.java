package dev.imgc.image.layer;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.image.ImageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads the members of a tar stream as {@link Entry entries}, in archive order: paths normalised,
 * permission bits, owners, device numbers and (unless fixed) times as the archive has them.
 * A regular file's content is the tar stream itself, valid until the next entry is read.
 */
public final class TarEntryReader {
  public interface Sink {
    void accept(Entry entry) throws IOException;
  }

  private TarEntryReader() {}

  /**
   * @param tar the uncompressed tar stream (not closed here)
   * @param source names the archive in errors
   * @param fixedMtime the time every entry gets, or empty to keep the archive's times
   */
  public static void read(InputStream tar, String source, OptionalLong fixedMtime, Sink sink) throws IOException {
    TarArchiveInputStream in = new TarArchiveInputStream(new UnclosableInputStream(tar), "UTF-8");
    TarArchiveEntry member;
    while ((member = in.getNextEntry()) != null) {
      Optional<String> path = LayerPaths.normalize(member.getName(), source);
      if (path.isEmpty()) {
        continue;
      }
      Metadata metadata = new Metadata(member.getMode() & 07777, (int) member.getLongUserId(), (int) member.getLongGroupId(),
          fixedMtime.orElse(member.getLastModifiedDate().getTime() / 1000));
      sink.accept(entry(member, path.get(), metadata, in, source));
    }
  }

  private static Entry entry(TarArchiveEntry member, String path, Metadata metadata, InputStream content, String source) {
    if (member.isDirectory()) {
      return new Entry.Directory(path, metadata);
    } else if (member.isSymbolicLink()) {
      return new Entry.Symlink(path, metadata, member.getLinkName());
    } else if (member.isLink()) {
      String target = LayerPaths.normalize(member.getLinkName(), source)
          .orElseThrow(() -> new ImageException(source + " holds a hard link " + path + " to the root directory"));
      return new Entry.HardLink(path, metadata, target);
    } else if (member.isCharacterDevice() || member.isBlockDevice()) {
      Entry.DeviceKind kind = member.isBlockDevice() ? Entry.DeviceKind.BLOCK : Entry.DeviceKind.CHARACTER;
      return new Entry.Device(path, metadata, kind, member.getDevMajor(), member.getDevMinor());
    } else if (member.isFIFO()) {
      return new Entry.Fifo(path, metadata);
    } else if (member.isFile()) {
      return new Entry.RegularFile(path, metadata, member.getSize(), () -> new UnclosableInputStream(content));
    }
    throw new ImageException(source + " holds " + path + ", a tar member of a kind imgc does not import (type '"
        + (char) member.getLinkFlag() + "')");
  }
}
