package dev.imgc.emit.bind;

import dev.imgc.fs.Content;
import dev.imgc.fs.DigestedContent;
import dev.imgc.fs.RepairedContentException;
import dev.imgc.image.ImageException;
import dev.imgc.image.layer.LayerCompression;
import dev.imgc.image.layer.TarMember;
import dev.imgc.image.layer.TarStream;
import dev.imgc.image.oci.Digest;
import dev.imgc.io.DiskFullException;
import dev.imgc.io.TemporaryFiles;
import dev.imgc.image.store.BlobWriter;
import dev.imgc.image.store.CorruptBlobException;
import dev.imgc.plan.ContentRef;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * File contents by their sha256, on disk. A layer's files are wanted in the order the writers write
 * them (sorted paths), not in the order the layer holds them; copying each wanted file here in one
 * sequential pass per layer lets every writer stream any file at any time with bounded memory.
 * Entries are written to a temporary file and renamed when their hash is checked, so the cache
 * never holds a partial or wrong file (the temporary files are {@link TemporaryFiles} in
 * {@code .imgc-tmp/}, so what a killed compile left goes at the next fill), and kept between
 * compiles: an unchanged layer file is never copied twice. Contents are copied in when the first of
 * them the cache lacks is opened, not before: a build the build cache answers whole opens none, and
 * one that opens only files kept earlier looks at no other.
 *
 * <p>A kept file may be damaged on disk since, so each entry carries the CRC32C of its bytes, computed
 * as they were checked against their sha256, and every read checks it as the bytes stream (see
 * {@link CacheEntryStream}). A read that finds damage checks every file of the build, fills the
 * damaged ones anew from their layers (which the image store verifies) and fails with a
 * {@link RepairedContentException}: the output being written holds bad bytes and is written again.
 */
public final class ContentCache {
  private static final String TEMP_DIR = ".imgc-tmp";

  private final Path root;
  private final LayerSource layers;
  private final Map<Digest, String> imageOfLayer = new HashMap<>();
  /** Every layer and tarball member this cache was asked for: what a repair checks. */
  private final List<ContentRef> served = new ArrayList<>(); // a list: a set's entries weigh 40 bytes a file more
  private final List<ContentRef> unfilled = new ArrayList<>();
  private TemporaryFiles temporaries;
  private boolean repaired;

  public ContentCache(Path root, LayerSource layers) {
    this.root = root;
    this.layers = layers;
  }

  /**
   * Copies into the cache every layer file of {@code refs} it lacks, reading each layer at most once.
   *
   * @throws ImageException when a layer in the store is damaged
   */
  public void fill(Collection<ContentRef> refs) throws IOException {
    Map<Digest, Map<String, Map<String, ContentRef>>> wanted = new TreeMap<>();
    synchronized (served) {
      for (ContentRef ref : refs) {
        if (ref instanceof ContentRef.LayerMember m) {
          served.add(m);
          if (!has(m)) {
            wanted.computeIfAbsent(m.layer(), k -> new HashMap<>()).computeIfAbsent("", k -> new HashMap<>())
                .put(m.member(), m);
          }
        } else if (ref instanceof ContentRef.TarMember m) {
          served.add(m);
          if (!has(m)) {
            wanted.computeIfAbsent(m.layer(), k -> new HashMap<>()).computeIfAbsent(m.archive(), k -> new HashMap<>())
                .put(m.member(), m);
          }
        }
      }
    }
    for (Map.Entry<Digest, Map<String, Map<String, ContentRef>>> layer : wanted.entrySet()) {
      copyFromLayer(layer.getKey(), layer.getValue());
    }
  }

  /**
   * Has {@code refs} {@linkplain #fill filled} in when any content of this cache is first opened.
   *
   * @param images the image each layer belongs to, named in the error when a layer is damaged
   */
  public void fillOnFirstUse(Collection<ContentRef> refs, Map<Digest, String> images) {
    synchronized (unfilled) {
      unfilled.addAll(refs);
      imageOfLayer.putAll(images);
    }
  }

  private void fillUnfilled() throws IOException {
    synchronized (unfilled) {
      if (!unfilled.isEmpty()) {
        fill(unfilled);
        unfilled.clear();
      }
    }
  }

  /**
   * The bytes {@code ref} names, known by its digest; a layer file must have been {@link #fill filled}
   * first, or be {@linkplain #fillOnFirstUse waiting to be}.
   */
  public DigestedContent content(ContentRef ref) {
    return new CachedBytes(this, ref);
  }

  /**
   * Whether {@code content} is the bytes of an image's file as this cache serves them (a layer's or a
   * tarball's member, a store blob); false for what a spec or imgc itself made (a spec's
   * {@code contents} or {@code source}, a generated {@code /init} or configuration), which changes
   * from build to build far more often.
   */
  public static boolean fromImage(Content content) {
    return content instanceof CachedBytes bytes && !(bytes.ref() instanceof ContentRef.Inline)
        && !(bytes.ref() instanceof ContentRef.HostFile);
  }

  /**
   * One file's bytes: one small object per file of the tree, which makes its digest's text only when
   * asked (for a build cache key), since a large tree's root holds one of these per file until it is
   * written.
   */
  private record CachedBytes(ContentCache cache, ContentRef ref) implements DigestedContent {
    @Override
    public String digest() {
      return ref.sha256().toString();
    }

    @Override
    public InputStream open() throws IOException {
      return cache.open(ref);
    }
  }

  private InputStream open(ContentRef ref) throws IOException {
    if (ref instanceof ContentRef.Inline inline) {
      return new ByteArrayInputStream(inline.bytes());
    }
    if (ref instanceof ContentRef.HostFile host) {
      return Files.newInputStream(host.path());
    }
    if (ref instanceof ContentRef.StoreBlob blob) { // streamed from the store, which verifies it: nothing to copy
      return layers.open(blob.sha256(), "blob " + blob.sha256());
    }
    // A layer or tarball member. One already copied in is read as it is: an edited build, whose cached
    // initrd segments open none of their files, then never looks at each of the tree's thousands (one
    // stat each). The first that is not fills every file still wanted, each layer read once.
    if (has(ref)) {
      synchronized (served) {
        served.add(ref);
      }
    } else {
      fillUnfilled();
    }
    return new CheckedEntry(ref);
  }

  /** Whether the cache holds an entry for {@code ref} (of its size with the trailer; one kept by an older imgc has none). */
  private boolean has(ContentRef ref) {
    Path entry = path(ref.sha256());
    try {
      BasicFileAttributes file = Files.readAttributes(entry, BasicFileAttributes.class);
      return file.isRegularFile() && file.size() == ref.size() + CacheEntryStream.TRAILER;
    } catch (IOException e) {
      return false;
    }
  }

  private Path path(Digest sha256) {
    return root.resolve(sha256.hex());
  }

  private String describe(Digest sha256) {
    return "the content cache's " + path(sha256);
  }

  /**
   * Checks every file this cache served or is to serve, deletes the damaged ones and fills them anew; once per
   * cache, since damage that comes back after that is not the cache's: the disk is failing.
   */
  private RepairedContentException repair(CacheEntryStream.DamagedEntryException damage) throws IOException {
    synchronized (unfilled) {
      if (repaired) {
        throw new IOException(damage.getMessage() + " again after it was filled anew; check the disk it is on");
      }
      repaired = true;
      // what was opened, and what is still waiting to be filled (found present and never looked at)
      LinkedHashSet<ContentRef> all;
      synchronized (served) {
        all = new LinkedHashSet<>(served);
      }
      all.addAll(unfilled);
      unfilled.clear();
      for (ContentRef ref : all) {
        if (Files.exists(path(ref.sha256())) && !intact(ref)) {
          Files.delete(path(ref.sha256()));
        }
      }
      fill(all);
    }
    return new RepairedContentException(damage.getMessage() + "; it was filled anew from the image store", damage);
  }

  private boolean intact(ContentRef ref) throws IOException {
    try (InputStream in = openEntry(ref)) {
      in.transferTo(OutputStream.nullOutputStream());
      return true;
    } catch (CacheEntryStream.DamagedEntryException e) {
      return false;
    }
  }

  private InputStream openEntry(ContentRef ref) throws IOException {
    return new CacheEntryStream(Files.newInputStream(path(ref.sha256())), ref.size(), describe(ref.sha256()));
  }

  /** A cached file's bytes, checked as they stream; damage found repairs the cache and fails the read. */
  private final class CheckedEntry extends FilterInputStream {
    CheckedEntry(ContentRef ref) throws IOException {
      super(openEntry(ref));
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (CacheEntryStream.DamagedEntryException e) {
        throw repair(e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return in.read(buffer, offset, length);
      } catch (CacheEntryStream.DamagedEntryException e) {
        throw repair(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return in.skip(n);
      } catch (CacheEntryStream.DamagedEntryException e) {
        throw repair(e);
      }
    }
  }

  /**
   * @param members per archive ("" for the layer itself, else the path of a tarball in it), the
   *     wanted member names and the hash each must have
   */
  private void copyFromLayer(Digest layer, Map<String, Map<String, ContentRef>> members) throws IOException {
    String image;
    synchronized (unfilled) {
      image = imageOfLayer.get(layer);
    }
    String what = "layer " + layer + (image == null ? "" : " of " + image);
    try (InputStream blob = layers.open(layer, what)) {
      try {
        copyMembers(blob, layer, members);
      } catch (IOException failure) {
        // A damaged blob fails its reader somewhere in the middle; its end says whether it is damaged.
        blob.transferTo(OutputStream.nullOutputStream());
        throw failure;
      }
    } catch (CorruptBlobException e) {
      throw new ImageException(e.getMessage() + "; pull or import " + (image == null ? "its image" : image) + " again", e);
    }
  }

  private void copyMembers(InputStream blob, Digest layer, Map<String, Map<String, ContentRef>> members) throws IOException {
    InputStream tar = LayerCompression.decompress(blob);
    Map<String, ContentRef> direct = members.getOrDefault("", Map.of());
    Mismatches mismatches = new Mismatches();
    TarStream.read(tar, (member, content) -> {
      ContentRef expected = direct.get(member.name());
      if (expected != null && !has(expected)) {
        store(content, expected, "layer " + layer + " member " + member.name(), mismatches);
      }
      Map<String, ContentRef> inner = members.get(member.name());
      if (inner != null && member.kind() == TarMember.Kind.FILE) {
        copyFromArchive(content, inner, "layer " + layer + " tarball " + member.name());
      }
    });
    // Past the tar's end-of-archive blocks: reading the blob to its end verifies its digest.
    tar.transferTo(OutputStream.nullOutputStream());
    blob.transferTo(OutputStream.nullOutputStream());
    mismatches.throwUnresolved();
  }

  private void copyFromArchive(InputStream archive, Map<String, ContentRef> members, String what) throws IOException {
    Mismatches mismatches = new Mismatches();
    TarStream.read(LayerCompression.decompress(archive), (member, content) -> {
      ContentRef expected = members.get(member.name());
      if (expected != null && !has(expected)) {
        store(content, expected, what + " member " + member.name(), mismatches);
      }
    });
    mismatches.throwUnresolved();
  }

  /**
   * Members whose bytes were not the planned ones. An archive may hold a name twice (an appended
   * archive, a layer written by hand), and lowering plans the last of them, as tar extracts it; so a
   * mismatch is an error only if no member of that name brought the planned bytes by the archive's end.
   */
  private final class Mismatches {
    private final Map<ContentRef, IOException> first = new HashMap<>();

    void note(ContentRef expected, IOException mismatch) {
      first.putIfAbsent(expected, mismatch);
    }

    void throwUnresolved() throws IOException {
      for (Map.Entry<ContentRef, IOException> mismatch : first.entrySet()) {
        if (!has(mismatch.getKey())) {
          throw mismatch.getValue();
        }
      }
    }
  }

  /** The cache's temporary files, made on the first fill, when what a killed compile left is swept. */
  private synchronized TemporaryFiles temporaries() throws IOException {
    if (temporaries == null) {
      temporaries = TemporaryFiles.sweptIn(root.resolve(TEMP_DIR));
    }
    return temporaries;
  }

  private DiskFullException.Place place() {
    return new DiskFullException.Place("the cache", root, "free some space there, or use another cache with --cache DIR");
  }

  /**
   * Copies a member into the cache: its bytes, checked against their sha256, then their CRC32C. Bytes
   * that are not the planned ones are noted in {@code mismatches}, not kept.
   */
  private void store(InputStream in, ContentRef expected, String what, Mismatches mismatches) throws IOException {
    try (BlobWriter writer = BlobWriter.into(root, temporaries(), place())) {
      CRC32C crc = new CRC32C();
      in.transferTo(new CheckedOutputStream(writer, crc));
      writer.writeUnhashed(CacheEntryStream.trailer(crc));
      writer.commit(expected.sha256(), expected.size(), what);
    } catch (CorruptBlobException e) {
      mismatches.note(expected, new IOException(what + " hashes to another digest than " + expected.sha256()
          + " as when the plan was made; the image store changed underneath: pull or import the image again", e));
    }
  }
}
