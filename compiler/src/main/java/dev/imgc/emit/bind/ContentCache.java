package dev.imgc.emit.bind;

import dev.imgc.fs.Content;
import dev.imgc.image.layer.LayerCompression;
import dev.imgc.image.oci.Digest;
import dev.imgc.io.DiskFullException;
import dev.imgc.io.TemporaryFiles;
import dev.imgc.plan.ContentRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * File contents by their sha256, on disk. A layer's files are wanted in the order the writers write
 * them (sorted paths), not in the order the layer holds them; copying each wanted file here in one
 * sequential pass per layer lets every writer stream any file at any time with bounded memory.
 * Entries are written to a temporary file and renamed when their hash is checked, so the cache
 * never holds a partial or wrong file (the temporary files are {@link TemporaryFiles} in
 * {@code .imgc-tmp/}, so what a killed compile left goes at the next fill), and it is kept between compiles: an unchanged layer file is
 * never copied twice. Contents are copied in when the first of them is opened, not before: a build
 * the build cache answers whole opens none.
 */
public final class ContentCache {
  private static final String TEMP_DIR = ".imgc-tmp";

  private final Path root;
  private final LayerSource layers;
  private final List<ContentRef> unfilled = new ArrayList<>();
  private TemporaryFiles temporaries;

  public ContentCache(Path root, LayerSource layers) {
    this.root = root;
    this.layers = layers;
  }

  /** Copies into the cache every layer file of {@code refs} it lacks, reading each layer at most once. */
  public void fill(Collection<ContentRef> refs) throws IOException {
    Map<Digest, Map<String, Map<String, Digest>>> wanted = new TreeMap<>();
    for (ContentRef ref : refs) {
      if (ref instanceof ContentRef.LayerMember m && !has(m.sha256())) {
        wanted.computeIfAbsent(m.layer(), k -> new HashMap<>()).computeIfAbsent("", k -> new HashMap<>())
            .put(m.member(), m.sha256());
      } else if (ref instanceof ContentRef.TarMember m && !has(m.sha256())) {
        wanted.computeIfAbsent(m.layer(), k -> new HashMap<>()).computeIfAbsent(m.archive(), k -> new HashMap<>())
            .put(m.member(), m.sha256());
      }
    }
    if (!wanted.isEmpty() && temporaries == null) {
      temporaries = TemporaryFiles.in(root.resolve(TEMP_DIR));
      TemporaryFiles.sweep(root.resolve(TEMP_DIR));
    }
    for (Map.Entry<Digest, Map<String, Map<String, Digest>>> layer : wanted.entrySet()) {
      copyFromLayer(layer.getKey(), layer.getValue());
    }
  }

  /** Has {@code refs} {@linkplain #fill filled} in when any content of this cache is first opened. */
  public void fillOnFirstUse(Collection<ContentRef> refs) {
    synchronized (unfilled) {
      unfilled.addAll(refs);
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
   * Opens the bytes {@code ref} names; a layer file must have been {@link #fill filled} first, or be
   * {@linkplain #fillOnFirstUse waiting to be}.
   */
  public Content content(ContentRef ref) {
    if (ref instanceof ContentRef.Inline inline) {
      return () -> new ByteArrayInputStream(inline.bytes());
    }
    if (ref instanceof ContentRef.HostFile host) {
      return () -> Files.newInputStream(host.path());
    }
    Path cached = path(ref.sha256()); // a layer or tarball member
    return () -> {
      fillUnfilled();
      return Files.newInputStream(cached);
    };
  }

  private boolean has(Digest sha256) {
    return Files.isRegularFile(path(sha256));
  }

  private Path path(Digest sha256) {
    return root.resolve(sha256.hex());
  }

  /**
   * @param members per archive ("" for the layer itself, else the path of a tarball in it), the
   *     wanted member names and the hash each must have
   */
  private void copyFromLayer(Digest layer, Map<String, Map<String, Digest>> members) throws IOException {
    try (InputStream blob = layers.open(layer);
        TarArchiveInputStream tar = new TarArchiveInputStream(LayerCompression.decompress(blob), "UTF-8")) {
      Map<String, Digest> direct = members.getOrDefault("", Map.of());
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        Digest expected = direct.get(entry.getName());
        if (expected != null && !has(expected)) {
          store(tar, expected, "layer " + layer + " member " + entry.getName());
        }
        Map<String, Digest> inner = members.get(entry.getName());
        if (inner != null && entry.isFile()) {
          copyFromArchive(tar, inner, "layer " + layer + " tarball " + entry.getName());
        }
      }
    }
  }

  private void copyFromArchive(InputStream archive, Map<String, Digest> members, String what) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(LayerCompression.decompress(archive), "UTF-8");
    for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
      Digest expected = members.get(entry.getName());
      if (expected != null && !has(expected)) {
        store(tar, expected, what + " member " + entry.getName());
      }
    }
  }

  private void store(InputStream in, Digest expected, String what) throws IOException {
    Path temp = temporaries.createFile("partial-", "");
    try {
      MessageDigest hasher = Digest.newHasher();
      DiskFullException.Place place = new DiskFullException.Place("the cache", root,
          "free some space there, or use another cache with --cache DIR");
      try (OutputStream out = new DigestOutputStream(DiskFullException.reporting(Files.newOutputStream(temp), place), hasher)) {
        in.transferTo(out);
      }
      Digest actual = Digest.fromHash(hasher.digest());
      if (!actual.equals(expected)) {
        throw new IOException(what + " hashes to " + actual + ", not " + expected
            + " as when the plan was made; the image store changed underneath: pull or import the image again");
      }
      Files.move(temp, path(expected), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      temporaries.delete(temp);
    }
  }
}
