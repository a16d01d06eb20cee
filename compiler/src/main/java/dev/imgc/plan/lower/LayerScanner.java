package dev.imgc.plan.lower;

import dev.imgc.fs.Entry.DeviceKind;
import dev.imgc.image.ImageException;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.layer.LayerCompression;
import dev.imgc.image.layer.MemberPath;
import dev.imgc.image.layer.TarMember;
import dev.imgc.image.layer.TarStream;
import dev.imgc.image.store.BlobSource;
import dev.imgc.image.store.CorruptBlobException;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a layer once, front to back, and lists it: every member's kind, path and metadata, every
 * file's sha256 computed while its bytes stream past (so nothing has to read the layer again to
 * compare contents), each kernel module's .modinfo, and the names in modules.builtin. The blob is read to its end, so its digest
 * is verified. Member names are made safe ({@link MemberPath}); a name that climbs out of the root is
 * left out with a warning.
 *
 * <p>A listing depends on nothing but the layer's bytes, the path to expand and this class's logic
 * (warnings say what the layer "holds …" without naming the image, which differs between images
 * sharing a layer), so {@link ListingCache} keeps it between builds. Whenever a change here makes a
 * scan yield anything different, bump {@link ListingFormat#VERSION} so cached listings are rescanned.
 */
final class LayerScanner {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final Pattern MODULE = Pattern.compile("(?:usr/)?lib/modules/[^/]+/.+\\.ko(?:\\.xz|\\.zst|\\.gz)?");
  private static final Pattern BUILTIN = Pattern.compile("(?:usr/)?lib/modules/[^/]+/modules\\.builtin");
  /** modules.builtin is a few hundred KiB at most; a larger one is not read. */
  private static final int MAX_BUILTIN = 4 << 20;
  private static final Provenance UNPLACED = Provenance.of("");

  private final BlobSource blobs;

  LayerScanner(BlobSource blobs) {
    this.blobs = blobs;
  }

  /**
   * @param what names the layer in the message of a failed read ("layer 0 (…) of docker.io/linuxkit/kernel:6.6")
   * @param expand the path of a tarball inside the layer whose members are listed too, or empty
   */
  LayerListing scan(Descriptor layer, String what, Optional<String> expand) {
    try (InputStream blob = blobs.open(layer);
        CountingStream tar = new CountingStream(LayerCompression.decompress(blob))) {
      Listing outer = new Listing(layer.digest());
      Listing inner = new Listing(layer.digest());
      ContentFactory inLayer = (member, sha256, size) -> new ContentRef.LayerMember(layer.digest(), member, sha256, size);
      outer.read(tar, inLayer, expand, inner);
      tar.transferTo(OutputStream.nullOutputStream());
      blob.transferTo(OutputStream.nullOutputStream());
      List<String> warnings = new ArrayList<>(outer.warnings);
      warnings.addAll(inner.warnings);
      SortedMap<String, ModInfo> modules = new TreeMap<>(outer.modules);
      modules.putAll(inner.modules);
      SortedSet<String> builtin = new TreeSet<>(outer.builtin);
      builtin.addAll(inner.builtin);
      return new LayerListing(layer.digest(), outer.entries, inner.entries, modules, builtin, tar.count(), warnings);
    } catch (CorruptBlobException e) {
      throw new ImageException(e.getMessage() + "; pull or import the image again", e);
    } catch (IOException e) {
      throw new ImageException("cannot read " + what + ": " + e.getMessage(), e);
    }
  }

  /** The entries of one tar stream as they are read. */
  private final class Listing {
    final Digest layer;
    final List<PlanEntry> entries = new ArrayList<>();
    final SortedMap<String, ModInfo> modules = new TreeMap<>();
    final SortedSet<String> builtin = new TreeSet<>();
    final List<String> warnings = new ArrayList<>();
    /**
     * Files seen so far, and links to them, by path: hard links name an earlier member of the same
     * archive, possibly another link, and are made to name the file itself.
     */
    final Map<String, PlanEntry> files = new HashMap<>();

    Listing(Digest layer) {
      this.layer = layer;
    }

    /** @param locate makes the content reference of a member once its bytes were read */
    void read(InputStream in, ContentFactory locate, Optional<String> expand, Listing inner)
        throws IOException {
      TarStream.read(in, (member, content) -> {
        String raw = member.name();
        Optional<MemberPath> safe = member.path();
        if (safe.isEmpty()) {
          if (MemberPath.holdsNul(raw)) {
            warnings.add("holds '" + MemberPath.shown(raw) + "', a name with a NUL byte, which no file system can hold; it was left out");
          } else if (MemberPath.escapes(raw)) {
            warnings.add("holds '" + raw + "', which climbs out of the image's root; it was left out");
          }
          return;
        }
        String path = safe.get().path();
        if (safe.get().changed()) {
          warnings.add("holds '" + raw + "', a name with '..'; it was placed at " + path);
        }
        entry(member, path, content, locate, expand, inner).ifPresent(entries::add);
      });
    }

    private Optional<PlanEntry> entry(TarMember member, String path, InputStream content,
        ContentFactory locate, Optional<String> expand, Listing inner) throws IOException {
      String raw = member.name();
      Attributes attributes = new Attributes(member.metadata(), member.xattrs(), UNPLACED);
      String name = path.substring(path.lastIndexOf('/') + 1);
      String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
      if (name.equals(OPAQUE)) {
        return Optional.of(new PlanEntry(parent, attributes, new PlanEntry.OpaqueDirectory()));
      }
      if (name.startsWith(WHITEOUT)) {
        String removed = name.substring(WHITEOUT.length());
        if (removed.startsWith(WHITEOUT) || removed.isEmpty()) {
          return Optional.empty(); // aufs bookkeeping (.wh..wh.plnk and the like), not part of the tree
        }
        return Optional.of(new PlanEntry(parent.isEmpty() ? removed : parent + "/" + removed, attributes, new PlanEntry.Whiteout()));
      }
      return switch (member.kind()) {
        case DIRECTORY -> Optional.of(new PlanEntry(path, attributes, new PlanEntry.Directory()));
        case SYMLINK -> Optional.of(new PlanEntry(path, attributes, new PlanEntry.Symlink(member.linkName())));
        case HARD_LINK -> hardLink(member, path, attributes);
        case CHARACTER_DEVICE, BLOCK_DEVICE -> Optional.of(new PlanEntry(path, attributes, new PlanEntry.Device(
            member.kind() == TarMember.Kind.BLOCK_DEVICE ? DeviceKind.BLOCK : DeviceKind.CHARACTER, member.devMajor(), member.devMinor())));
        case FIFO -> Optional.of(new PlanEntry(path, attributes, new PlanEntry.Fifo()));
        case FILE -> {
          ContentRef ref = file(raw, path, content, locate, expand.filter(path::equals).isPresent(), inner);
          PlanEntry file = new PlanEntry(path, attributes, new PlanEntry.File(ref));
          files.put(path, file);
          yield Optional.of(file);
        }
        case OTHER -> {
          warnings.add("holds '" + raw + "', a tar member of a kind imgc does not place (type '"
              + member.typeFlag() + "'); it was left out");
          yield Optional.empty();
        }
      };
    }

    private Optional<PlanEntry> hardLink(TarMember member, String path, Attributes attributes) {
      PlanEntry file = MemberPath.of(member.linkName()).map(t -> files.get(t.path())).orElse(null);
      if (file == null) {
        warnings.add("holds a hard link '" + member.name() + "' to '" + member.linkName()
            + "', which is no file earlier in the layer; it was left out");
        return Optional.empty();
      }
      files.put(path, file);
      ContentRef content = ((PlanEntry.File) file.node()).content();
      return Optional.of(new PlanEntry(path, attributes, new PlanEntry.HardLink(file.path(), content)));
    }

    /** Streams a file's bytes once: hashing them, reading a module's .modinfo, listing a nested tarball. */
    private ContentRef file(String raw, String path, InputStream content, ContentFactory locate,
        boolean nested, Listing inner) throws IOException {
      MessageDigest hasher = Digest.newHasher();
      CountingStream counted = new CountingStream(new DigestInputStream(content, hasher));
      if (nested) {
        ContentFactory inArchive = (member, sha256, size) -> new ContentRef.TarMember(layer, raw, member, sha256, size);
        inner.read(counted, inArchive, Optional.empty(), null);
      } else if (BUILTIN.matcher(path).matches()) {
        byte[] text = counted.readNBytes(MAX_BUILTIN + 1);
        if (text.length <= MAX_BUILTIN) {
          new String(text, StandardCharsets.UTF_8).lines().filter(line -> line.endsWith(".ko"))
              .map(line -> ModInfo.canonicalName(line.substring(line.lastIndexOf('/') + 1, line.length() - 3)))
              .forEach(builtin::add);
        }
      } else if (MODULE.matcher(path).matches()) {
        try (SpilledCopy copy = SpilledCopy.of(counted)) {
          ModInfo.read(copy).ifPresentOrElse(m -> modules.put(path, m),
              () -> warnings.add("holds the kernel module " + path + " without a .modinfo section"));
        } catch (IOException e) {
          warnings.add("holds the kernel module " + path + ", which cannot be read as ELF: " + e.getMessage());
        }
      }
      counted.transferTo(OutputStream.nullOutputStream());
      return locate.make(raw, Digest.fromHash(hasher.digest()), counted.count());
    }
  }

  /** Makes the reference to a member's content, once its bytes were read: in the layer, or in a tarball in it. */
  @FunctionalInterface
  private interface ContentFactory {
    ContentRef make(String member, Digest sha256, long size);
  }
}
