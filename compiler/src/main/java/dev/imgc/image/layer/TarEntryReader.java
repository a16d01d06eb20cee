package dev.imgc.image.layer;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.Xattr;
import dev.imgc.image.ImageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * Reads the members of a tar stream as {@link Entry entries}, in archive order: paths normalised,
 * permission bits, owners, device numbers, extended attributes and times as the archive has them
 * (times through the caller's clamp; attributes Linux would refuse left out, as extracting would).
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
   * @param mtime what a member's time becomes ({@link LongUnaryOperator#identity()} keeps the archive's)
   * @throws ImageException for a member that climbs out of the root or is of a kind no image holds
   */
  public static void read(InputStream tar, String source, LongUnaryOperator mtime, Sink sink) throws IOException {
    TarStream.read(tar, (member, content) -> {
      Optional<String> path = MemberPath.inside(member.name(), source);
      if (path.isPresent()) {
        Metadata metadata = new Metadata(member.metadata().mode(), member.metadata().uid(), member.metadata().gid(),
            mtime.applyAsLong(member.metadata().mtimeSeconds()), Xattr.linuxKeeps(member.xattrs()));
        sink.accept(entry(member, path.get(), metadata, content, source));
      }
    });
  }

  private static Entry entry(TarMember member, String path, Metadata metadata, InputStream content, String source) {
    return switch (member.kind()) {
      case DIRECTORY -> new Entry.Directory(path, metadata);
      case SYMLINK -> new Entry.Symlink(path, metadata, member.linkName());
      case HARD_LINK -> new Entry.HardLink(path, metadata, MemberPath.inside(member.linkName(), source)
          .orElseThrow(() -> new ImageException(source + " holds a hard link " + path + " to the root directory")));
      case CHARACTER_DEVICE -> new Entry.Device(path, metadata, Entry.DeviceKind.CHARACTER, member.devMajor(), member.devMinor());
      case BLOCK_DEVICE -> new Entry.Device(path, metadata, Entry.DeviceKind.BLOCK, member.devMajor(), member.devMinor());
      case FIFO -> new Entry.Fifo(path, metadata);
      case FILE -> new Entry.RegularFile(path, metadata, member.size(), () -> content);
      case OTHER -> throw new ImageException(source + " holds " + path + ", a tar member of a kind imgc does not import (type '"
          + member.typeFlag() + "')");
    };
  }
}
