package dev.imgc.emit;

import dev.imgc.fs.Entry;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.InitrdWriter;
import dev.imgc.io.FileChannelOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the compressed segments of an initrd through the {@link BuildCache}: a segment an earlier
 * build compressed from the same entries is copied from the cache, any other is compressed and kept
 * there. So a build that changes one file compresses only the segment holding it. A segment is
 * known by everything its archive holds ({@link SegmentKey}) and the compressor
 * ({@link Compression#writer()}); one holding a file whose digest is not known is written anew. Not
 * for several threads: segments are written one after the other.
 */
final class CachedSegments implements InitrdWriter.SegmentWriter {
  private static final String FILE_NAME = "segment";

  private final BuildCache cache;
  private final Compression compression;
  private final Staging staging;
  private final SegmentKey entries = new SegmentKey();

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
    return entries.of(segment).map(hex -> cache.key(List.of("initrd segment", "compression " + compression.writer(),
        "entries " + hex)));
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
