package dev.imgc.emit;

import dev.imgc.fs.DigestedContent;
import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.Xattr;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.InitrdWriter;
import dev.imgc.image.oci.Digest;
import dev.imgc.io.FileChannelOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the compressed segments of an initrd through the {@link BuildCache}: a segment an earlier
 * build compressed from the same entries is copied from the cache, any other is compressed and kept
 * there. So a build that changes one file compresses only the segment holding it. A segment is
 * known by everything its archive holds (each entry's kind, path, attributes, and its file's digest,
 * never its bytes) and the compressor ({@link Compression#writer()}); one holding a file whose digest is not known is written anew.
 */
final class CachedSegments implements InitrdWriter.SegmentWriter {
  private static final String FILE_NAME = "segment";

  private final BuildCache cache;
  private final Compression compression;
  private final Staging staging;

  /** @param staging where a new segment is written before the cache keeps it */
  CachedSegments(BuildCache cache, Compression compression, Staging staging) {
    this.cache = cache;
    this.compression = compression;
    this.staging = staging;
  }

  @Override
  public void write(List<? extends Entry> segment, OutputStream out) throws IOException {
    Optional<String> key = key(segment);
    if (key.isEmpty()) {
      InitrdWriter.writeSegment(segment, compression, out);
      return;
    }
    Optional<Map<String, Path>> found = cache.find(key.get(), List.of(FILE_NAME));
    if (found.isPresent()) {
      Path kept = found.get().get(FILE_NAME);
      if (out instanceof FileChannelOutput file) {
        file.append(kept); // by the kernel's copy, not through the JVM: most of an edited initrd is these
      } else {
        Files.copy(kept, out);
      }
      return;
    }
    Path file = staging.scratch("initrd-segment");
    try (OutputStream copy = new BufferedOutputStream(Files.newOutputStream(file))) {
      InitrdWriter.writeSegment(segment, compression, new Both(out, copy));
    }
    cache.keep(key.get(), Map.of(FILE_NAME, file));
  }

  /** The cache key of {@code segment}, or empty when a file in it is not known by its digest. */
  private Optional<String> key(List<? extends Entry> segment) {
    MessageDigest entries = Digest.newHasher();
    for (Entry entry : segment) {
      field(entries, entry.getClass().getSimpleName());
      field(entries, entry.path());
      Metadata m = entry.metadata();
      field(entries, m.mode() + " " + m.uid() + " " + m.gid() + " " + m.mtimeSeconds());
      for (Xattr xattr : m.xattrs()) {
        field(entries, xattr.name());
        field(entries, xattr.value());
      }
      if (entry instanceof Entry.RegularFile file) {
        if (!(file.content() instanceof DigestedContent digested)) {
          return Optional.empty();
        }
        field(entries, file.size() + " " + digested.digest());
      } else if (entry instanceof Entry.Symlink symlink) {
        field(entries, symlink.target());
      } else if (entry instanceof Entry.HardLink link) {
        field(entries, link.target());
      } else if (entry instanceof Entry.Device device) {
        field(entries, device.kind() + " " + device.major() + " " + device.minor());
      }
    }
    return Optional.of(cache.key(List.of("initrd segment", "compression " + compression.writer(),
        "entries " + Digest.fromHash(entries.digest()).hex())));
  }

  private static void field(MessageDigest hasher, String text) {
    field(hasher, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Each field preceded by its length, so no two lists of fields hash alike. */
  private static void field(MessageDigest hasher, byte[] bytes) {
    hasher.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    hasher.update(bytes);
  }

  /** Writes every byte to the initrd and to the segment's own file, which the cache keeps. */
  private static final class Both extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Both(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      first.write(bytes, offset, length);
      second.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
