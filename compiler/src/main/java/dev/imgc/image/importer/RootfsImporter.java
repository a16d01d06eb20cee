package dev.imgc.image.importer;

import dev.imgc.fs.Entry;
import dev.imgc.image.ImageException;
import dev.imgc.image.deb.DebArchive;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.layer.LayerCompression;
import dev.imgc.image.layer.TarEntryReader;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import dev.imgc.image.store.ProgressInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Imports a root filesystem (a directory, a tarball, or Debian packages unpacked in order) as a
 * one-layer image. Entries keep their source order (a directory's names are sorted) and their times,
 * clamped to the import's {@link SourceDateEpoch} when it is set; the image's creation time is that
 * epoch's, and its history names the transport, not the source's location, so the same input gives
 * the same digests wherever it lies.
 */
public final class RootfsImporter {
  private final ImageStore store;
  private final ImportOptions options;
  private final Progress progress;

  public RootfsImporter(ImageStore store, ImportOptions options, Progress progress) {
    this.store = store;
    this.options = options;
    this.progress = progress;
  }

  public Descriptor directory(Path root) throws IOException {
    return build("dir", sink -> DirectoryReader.read(root, options.epoch()::clamp, sink));
  }

  /** A rootfs tarball, as {@code docker export} writes it; gzip, xz and zstd are recognised. */
  public Descriptor tarball(Path file) throws IOException {
    return build("tar", sink -> {
      long size;
      try {
        size = Files.size(file);
      } catch (NoSuchFileException e) {
        throw new ImageException("the tarball " + file + " does not exist");
      }
      progress.start("importing " + file.getFileName(), size);
      try (InputStream in = LayerCompression.decompress(new ProgressInputStream(Files.newInputStream(file), progress))) {
        TarEntryReader.read(in, file.toString(), options.epoch()::clamp, sink);
      } finally {
        progress.done();
      }
    });
  }

  /**
   * Debian packages unpacked in order into one layer: a later package's file replaces an earlier one
   * of the same path, as dpkg would; a directory several packages ship appears once.
   */
  public Descriptor debs(List<Path> packages) throws IOException {
    String createdBy = "deb:" + String.join(",", packages.stream().map(p -> p.getFileName().toString()).toList());
    return build(createdBy, sink -> {
      Set<String> directories = new HashSet<>();
      long total = 0;
      for (Path deb : packages) {
        total += Files.isRegularFile(deb) ? Files.size(deb) : 0;
      }
      progress.start("unpacking " + (packages.size() == 1 ? packages.get(0).getFileName() : packages.size() + " Debian packages"), total);
      try {
        for (Path deb : packages) {
          try (InputStream data = DebArchive.openData(deb, progress)) {
            TarEntryReader.read(data, deb.toString(), options.epoch()::clamp, entry -> {
              if (!(entry instanceof Entry.Directory) || directories.add(entry.path())) {
                sink.accept(entry);
              }
            });
          }
        }
      } finally {
        progress.done();
      }
    });
  }

  private interface EntrySource {
    void readInto(TarEntryReader.Sink sink) throws IOException;
  }

  private Descriptor build(String createdBy, EntrySource source) throws IOException {
    try (LayerWriter layer = new LayerWriter(store)) {
      source.readInto(layer::add);
      return ImageBuilder.build(store, List.of(layer.finish()), options, "imgc image import " + createdBy);
    }
  }
}
