package dev.imgc.image;

import dev.imgc.image.importer.ImportOptions;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.store.ImageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Remembers what importing files gave, by the files' bytes: an import is a function of its input
 * bytes and options, so the same package files (a kernel package is large and slow to
 * unpack and compress) never need importing twice. The bytes are known by their SHA-256, which
 * {@link FileDigests} computes once per file rather than once per run. The result is named in the
 * store's index as {@code import.imgc.invalid/memo:KEY}, so {@code imgc image prune} keeps it and
 * {@code imgc image rm} forgets it.
 */
public final class ImportMemo {
  /** How a memo's name in the store's index starts: an entry of imgc's own, not an image a user named. */
  private static final String PREFIX = "import.imgc.invalid/memo:";
  /**
   * Bump whenever an importer makes other layers from the same input, so memos of the old ones are
   * not taken (2: a tarball's extended attributes are kept, their values' bytes exact).
   */
  private static final int IMPORTERS_VERSION = 2;

  interface Import {
    Descriptor run() throws IOException;
  }

  private ImportMemo() {}

  /** The manifest importing {@code inputs} of {@code kind} with {@code options} gives, imported only once. */
  static Descriptor remember(ImageStore store, FileDigests digests, String kind, List<Path> inputs, ImportOptions options,
      Import importer) throws IOException {
    String name = PREFIX + key(digests, kind, inputs, options).hex();
    Optional<Descriptor> remembered =
        store.find(name).map(Descriptor::withoutAnnotations).filter(manifest -> complete(store, manifest));
    if (remembered.isPresent()) {
      return remembered.get();
    }
    Descriptor manifest = importer.run();
    store.tag(name, manifest);
    return manifest;
  }

  /** Whether {@code refName} names a memo rather than an image ({@code imgc image ls} leaves memos out). */
  public static boolean isMemo(String refName) {
    return refName.startsWith(PREFIX);
  }

  private static Digest key(FileDigests digests, String kind, List<Path> inputs, ImportOptions options) throws IOException {
    StringBuilder key = new StringBuilder("importers ").append(IMPORTERS_VERSION).append('\n')
        .append(kind).append('\n').append(options).append('\n');
    for (Path input : inputs) {
      key.append(digests.sha256(input)).append('\n');
    }
    return Digest.of(key.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Whether every blob of the remembered image is still in the store (prune may have taken some). */
  private static boolean complete(ImageStore store, Descriptor manifest) {
    if (!store.hasBlob(manifest.digest())) {
      return false;
    }
    try {
      Manifest read = store.readJson(manifest, Manifest.class, "remembered import " + manifest.digest());
      return store.hasBlob(read.config().digest()) && read.layers().stream().allMatch(l -> store.hasBlob(l.digest()));
    } catch (IOException | ImageException e) {
      return false;
    }
  }
}
