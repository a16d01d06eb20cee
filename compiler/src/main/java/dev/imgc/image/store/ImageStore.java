package dev.imgc.image.store;

import dev.imgc.image.ImageException;
import dev.imgc.image.UserHome;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.Index;
import dev.imgc.image.oci.OciJson;
import dev.imgc.io.DiskFullException;
import dev.imgc.io.AtomicFiles;
import dev.imgc.io.TemporaryFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The local image store: an OCI image layout ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/…}) that skopeo and umoci read too. Each image is an entry of {@code index.json}
 * named by the annotation {@code org.opencontainers.image.ref.name}.
 *
 * <p>Blobs are content-addressed, so images share layers; they are written to a temporary file and
 * renamed into place, and verified against their digest on every read. {@code index.json} is
 * replaced atomically under an {@link IndexLock}, so concurrent imgc processes do not lose updates.
 */
public final class ImageStore implements BlobSource {
  private static final String LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";
  /** Temporary files live inside the store, on the same filesystem as the blobs they become. */
  private static final String TEMP_DIR = ".imgc-tmp";

  private final Path root;
  private final Path blobs;
  private final TemporaryFiles temporaries;
  private final IndexLock lock;

  private ImageStore(Path root, TemporaryFiles temporaries) {
    this.root = root;
    this.blobs = root.resolve("blobs").resolve("sha256");
    this.temporaries = temporaries;
    this.lock = new IndexLock(root.resolve(".imgc-lock"));
  }

  /**
   * Opens the store at {@code root}, creating an empty layout if there is none, and deletes the
   * temporary files that processes killed before they finished left in it.
   */
  public static ImageStore open(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute.resolve("blobs").resolve("sha256"));
      ImageStore store = new ImageStore(absolute, TemporaryFiles.sweptIn(absolute.resolve(TEMP_DIR)));
      store.lock.run(() -> {
        if (!Files.exists(store.root.resolve("oci-layout"))) {
          store.writeAtomically(store.root.resolve("oci-layout"), LAYOUT.getBytes(StandardCharsets.UTF_8));
        }
        if (!Files.exists(store.indexFile())) {
          store.writeIndex(Index.oci(List.of()));
        }
        return null;
      });
      return store;
    } catch (IOException e) {
      throw new ImageException("cannot open the image store " + root + ": " + e.getMessage(), e);
    }
  }

  /** Where the store is: {@code --store DIR} if given, else {@code $IMGC_STORE}, else {@code $HOME/.imgc/store}. */
  public static Path location(Optional<Path> option, java.util.Map<String, String> environment) {
    if (option.isPresent()) {
      return option.get();
    }
    String env = environment.get("IMGC_STORE");
    if (env != null && !env.isEmpty()) {
      return Path.of(env);
    }
    return UserHome.directory(environment).resolve(".imgc").resolve("store");
  }

  public Path root() {
    return root;
  }

  public Path blobPath(Digest digest) {
    return blobs.resolve(digest.hex());
  }

  public boolean hasBlob(Digest digest) {
    return Files.isRegularFile(blobPath(digest));
  }

  /** Whether the blob is present and its bytes hash to its name (reads it whole). */
  public boolean hasIntactBlob(Descriptor descriptor) {
    if (!hasBlob(descriptor.digest())) {
      return false;
    }
    try (InputStream in = openBlob(descriptor, "blob")) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return true;
    } catch (CorruptBlobException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens a blob for reading; the stream fails at its end unless the bytes match the descriptor.
   *
   * @param what names the blob in errors, e.g. "layer sha256:… of docker.io/library/alpine:3.19"
   */
  public InputStream openBlob(Descriptor descriptor, String what) throws IOException {
    Path path = blobPath(descriptor.digest());
    try {
      return new VerifyingInputStream(Files.newInputStream(path), descriptor.digest(), descriptor.size(), what);
    } catch (NoSuchFileException e) {
      throw new ImageException(what + " is missing from the store " + root + "; pull or import the image again");
    }
  }

  @Override
  public InputStream open(Descriptor descriptor) throws IOException {
    return openBlob(descriptor, "blob " + descriptor.digest());
  }

  @Override
  public String name() {
    return "image store " + root;
  }

  /** Reads a small blob (a manifest, index or config) whole, verified. */
  public byte[] readBlob(Descriptor descriptor, String what) throws IOException {
    if (descriptor.size() > 16 << 20) {
      throw new ImageException(what + " is " + descriptor.size() + " bytes, too large for a manifest or config");
    }
    try (InputStream in = openBlob(descriptor, what)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) descriptor.size());
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  public <T> T readJson(Descriptor descriptor, Class<T> type, String what) throws IOException {
    return OciJson.read(readBlob(descriptor, what), type, what);
  }

  public BlobWriter newBlob() throws IOException {
    return BlobWriter.into(blobs, temporaries, place());
  }

  /** The store as a place that can fill up, and what to do then. */
  DiskFullException.Place place() {
    return new DiskFullException.Place("the image store", root,
        "free some space there (imgc image prune deletes the blobs no image uses), or use another store with --store DIR");
  }

  /** Stores {@code bytes} as a blob and returns its descriptor. */
  public Descriptor putBlob(String mediaType, byte[] bytes) throws IOException {
    try (BlobWriter writer = newBlob()) {
      writer.write(bytes);
      return new Descriptor(mediaType, writer.commit(), bytes.length);
    }
  }

  public Descriptor putJson(String mediaType, Object value) throws IOException {
    return putBlob(mediaType, OciJson.write(value));
  }

  /** The image entries of {@code index.json}, sorted by name. */
  public List<Descriptor> images() {
    try {
      return readIndex().manifests();
    } catch (IOException e) {
      throw new ImageException("cannot read " + indexFile() + ": " + e.getMessage(), e);
    }
  }

  public Optional<Descriptor> find(String name) {
    return images().stream().filter(d -> d.refName().filter(name::equals).isPresent()).findFirst();
  }

  /** Names {@code target} {@code name} in {@code index.json}, replacing what the name meant before. */
  public void tag(String name, Descriptor target) {
    Descriptor entry = target.withoutAnnotations().withAnnotations(java.util.Map.of(Descriptor.REF_NAME, name));
    updateIndex(entries -> {
      entries.removeIf(d -> d.refName().filter(name::equals).isPresent());
      entries.add(entry);
      return entries;
    });
  }

  /** Removes the name; returns whether it was there. The blobs stay until {@link #prune}. */
  public boolean untag(String name) {
    boolean[] removed = {false};
    updateIndex(entries -> {
      removed[0] = entries.removeIf(d -> d.refName().filter(name::equals).isPresent());
      return entries;
    });
    return removed[0];
  }

  /**
   * Deletes the blobs no index entry reaches, and returns how many bytes that freed. Blobs written
   * in the last hour are kept: a concurrent import may have written them and not yet named its image.
   */
  public Pruned prune() {
    try {
      return lock.run(() -> new Pruner(this).prune(readIndex().manifests(), java.time.Duration.ofHours(1)));
    } catch (IOException e) {
      throw new ImageException("cannot prune the store " + root + ": " + e.getMessage(), e);
    }
  }

  /** What {@link #prune} removed. */
  public record Pruned(int blobs, long bytes) {}

  Path blobDirectory() {
    return blobs;
  }

  Path temporaryDirectory() {
    return root.resolve(TEMP_DIR);
  }

  private void updateIndex(UnaryOperator<List<Descriptor>> change) {
    try {
      lock.run(() -> {
        List<Descriptor> before = readIndex().manifests();
        List<Descriptor> entries = change.apply(new ArrayList<>(before));
        entries.sort(Comparator.comparing((Descriptor d) -> d.refName().orElse("")).thenComparing(Descriptor::digest));
        if (!entries.equals(before)) { // naming an image as it is named already, as every warm build does, writes nothing
          writeIndex(Index.oci(entries));
        }
        return null;
      });
    } catch (IOException e) {
      throw new ImageException("cannot update " + indexFile() + ": " + e.getMessage(), e);
    }
  }

  private Path indexFile() {
    return indexFile(root);
  }

  /** The index of the store at {@code root}, which names its images: what a name means changes only there. */
  public static Path indexFile(Path root) {
    return root.resolve("index.json");
  }

  /** The index; a damaged one is an {@link ImageException} that names the way out, {@code imgc image repair}. */
  private Index readIndex() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(indexFile());
    } catch (NoSuchFileException e) {
      throw new ImageException(indexFile() + " is missing; imgc image repair rebuilds it from the store's blobs");
    }
    try {
      return OciJson.read(bytes, Index.class, indexFile().toString());
    } catch (IOException e) {
      throw new ImageException(indexFile() + " is corrupt; imgc image repair rebuilds it from the store's blobs", e);
    }
  }

  /**
   * Rebuilds {@code index.json} from the blobs (see {@link IndexRepair}), replacing it whole; a
   * damaged one is kept beside it as {@code index.json.damaged} for a person to read.
   */
  public Repaired repair() {
    try {
      return lock.run(() -> {
        byte[] old = Files.exists(indexFile()) ? Files.readAllBytes(indexFile()) : new byte[0];
        IndexRepair.Result result = new IndexRepair(this).rebuild(old);
        List<Descriptor> entries = new ArrayList<>(result.entries());
        entries.sort(Comparator.comparing((Descriptor d) -> d.refName().orElse("")).thenComparing(Descriptor::digest));
        if (old.length > 0 && !readable(old)) {
          writeAtomically(root.resolve("index.json.damaged"), old);
        }
        writeIndex(Index.oci(entries));
        return new Repaired(entries, result.corrupt());
      });
    } catch (IOException e) {
      throw new ImageException("cannot repair the store " + root + ": " + e.getMessage(), e);
    }
  }

  private boolean readable(byte[] index) {
    try {
      OciJson.read(index, Index.class, indexFile().toString());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** What {@link #repair} wrote: the new index's entries, and the blobs found damaged (left in place). */
  public record Repaired(List<Descriptor> entries, List<Digest> corrupt) {}

  private void writeIndex(Index index) throws IOException {
    writeAtomically(indexFile(), OciJson.write(index));
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    try {
      AtomicFiles.replace(target, temporaries, out -> out.write(bytes));
    } catch (IOException e) {
      throw DiskFullException.explain(e, place());
    }
  }
}
