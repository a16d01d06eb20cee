package dev.imgc.plan.lower;

import dev.imgc.fs.Entry.DeviceKind;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.XattrValue;
import dev.imgc.image.oci.Digest;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The binary form in which {@link ListingCache} keeps a {@link LayerListing}: compact, and quick to
 * read back by a JVM that has just started, which JSON is not: a kernel package's listing holds
 * thousands of entries and tens of thousands of module aliases, and reading it must cost far less than
 * scanning the layer again (docs/benchmarks.md has the figures).
 *
 * <p>A file is {@code MAGIC}, {@link #VERSION} (an int), the layer's digest and the expanded path
 * it was listed with (so a file under the wrong name is not taken for another key), the listing,
 * and a CRC-32 of everything before it. Numbers are unsigned LEB128 varints (zigzag for those that
 * may be negative). Every string is written once: later uses write its index in the order strings
 * were first written; a new string writes that next index, then its UTF-8 bytes front-coded against
 * the previous new string (bytes shared, then the rest, with a bit saying whether any is not ASCII:
 * ASCII decodes as Latin-1, a plain copy), since a layer's paths come sorted by directory. Digests
 * are indexed the same way and written as 32 raw bytes, and so are attributes (most entries of a
 * layer share theirs); an extended attribute's value, which need not be text, is its length and its
 * bytes.
 */
final class ListingFormat {
  /**
   * Bump whenever the layout written here changes, or the model it writes does ({@link PlanEntry},
   * {@link Attributes}, {@link Metadata}, {@link Provenance}, {@link ContentRef}, {@link DeviceKind},
   * {@link ModInfo}, {@link LayerListing}), or {@link LayerScanner} would list any layer differently: files of any
   * other version are ignored and their layers scanned again.
   */
  static final int VERSION = 3;

  private static final byte[] MAGIC = "imgc-lst".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + Integer.BYTES;
  private static final int SHA256_BYTES = 32;

  // entry kinds
  private static final int FILE = 0;
  private static final int DIRECTORY = 1;
  private static final int SYMLINK = 2;
  private static final int HARD_LINK = 3;
  private static final int DEVICE = 4;
  private static final int FIFO = 5;
  private static final int WHITEOUT = 6;
  private static final int OPAQUE_DIRECTORY = 7;
  // content kinds
  private static final int LAYER_MEMBER = 0;
  private static final int TAR_MEMBER = 1;

  private ListingFormat() {}

  /** Writes {@code listing}, made with {@code expand}, to {@code out} (which is not closed). */
  static void write(LayerListing listing, Optional<String> expand, OutputStream out) throws IOException {
    CRC32 crc = new CRC32();
    Writer w = new Writer(new DataOutputStream(new CheckedOutputStream(out, crc)));
    w.out.write(MAGIC);
    w.out.writeInt(VERSION);
    w.digest(listing.layer());
    w.optional(expand);
    w.entries(listing.entries());
    w.entries(listing.nested());
    w.varint(listing.modules().size());
    for (Map.Entry<String, ModInfo> module : listing.modules().entrySet()) {
      w.string(module.getKey());
      w.modInfo(module.getValue());
    }
    w.strings(List.copyOf(listing.builtin()));
    w.varint(listing.tarBytes());
    w.strings(listing.warnings());
    w.out.flush();
    new DataOutputStream(out).writeInt((int) crc.getValue());
  }

  /**
   * The listing in {@code file} if it is one, whole and of this version, of {@code layer} listed
   * with {@code expand}; empty for anything else (truncated, damaged, older or newer, another key).
   */
  static Optional<LayerListing> read(byte[] file, Digest layer, Optional<String> expand) {
    if (file.length < HEADER + Integer.BYTES
        || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
        || ByteBuffer.wrap(file, MAGIC.length, Integer.BYTES).getInt() != VERSION) {
      return Optional.empty();
    }
    int body = file.length - Integer.BYTES;
    CRC32 crc = new CRC32();
    crc.update(file, 0, body);
    if ((int) crc.getValue() != ByteBuffer.wrap(file, body, Integer.BYTES).getInt()) {
      return Optional.empty();
    }
    try {
      Reader r = new Reader(file, HEADER, body);
      if (!r.digest().equals(layer) || !r.optional().equals(expand)) {
        return Optional.empty();
      }
      List<PlanEntry> entries = r.entries();
      List<PlanEntry> nested = r.entries();
      SortedMap<String, ModInfo> modules = new TreeMap<>();
      for (int i = r.count(); i > 0; i--) {
        modules.put(r.string(), r.modInfo());
      }
      SortedSet<String> builtin = new TreeSet<>(r.strings());
      long tarBytes = r.varint();
      List<String> warnings = r.strings();
      if (r.remaining() != 0) {
        return Optional.empty();
      }
      return Optional.of(new LayerListing(layer, entries, nested, modules, builtin, tarBytes, warnings));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty(); // a file that passed its checksum yet does not parse: made by a faulty writer
    }
  }

  private static final class Writer {
    final DataOutputStream out;
    final Map<String, Integer> strings = new HashMap<>();
    final Map<Digest, Integer> digests = new HashMap<>();
    final Map<Attributes, Integer> attributes = new HashMap<>();
    byte[] previous = new byte[0];

    Writer(DataOutputStream out) {
      this.out = out;
    }

    void entries(List<PlanEntry> entries) throws IOException {
      varint(entries.size());
      for (PlanEntry entry : entries) {
        entry(entry);
      }
    }

    void entry(PlanEntry entry) throws IOException {
      if (entry.node() instanceof PlanEntry.File f) {
        head(FILE, entry);
        content(f.content());
      } else if (entry.node() instanceof PlanEntry.Directory) {
        head(DIRECTORY, entry);
      } else if (entry.node() instanceof PlanEntry.Symlink s) {
        head(SYMLINK, entry);
        string(s.target());
      } else if (entry.node() instanceof PlanEntry.HardLink h) {
        head(HARD_LINK, entry);
        string(h.target());
        content(h.content());
      } else if (entry.node() instanceof PlanEntry.Device d) {
        head(DEVICE, entry);
        out.writeByte(d.kind().ordinal());
        signed(d.major());
        signed(d.minor());
      } else if (entry.node() instanceof PlanEntry.Fifo) {
        head(FIFO, entry);
      } else if (entry.node() instanceof PlanEntry.Whiteout) {
        head(WHITEOUT, entry);
      } else if (entry.node() instanceof PlanEntry.OpaqueDirectory) {
        head(OPAQUE_DIRECTORY, entry);
      }
    }

    void head(int kind, PlanEntry entry) throws IOException {
      out.writeByte(kind);
      string(entry.path());
      attributes(entry.attributes());
    }

    void attributes(Attributes attributes) throws IOException {
      if (!indexed(this.attributes, attributes)) {
        return;
      }
      Metadata metadata = attributes.metadata();
      varint(metadata.mode());
      signed(metadata.uid());
      signed(metadata.gid());
      signed(metadata.mtimeSeconds());
      varint(attributes.xattrs().size());
      for (Map.Entry<String, XattrValue> xattr : attributes.xattrs().entrySet()) {
        string(xattr.getKey());
        bytes(xattr.getValue().bytes());
      }
      Provenance provenance = attributes.provenance();
      string(provenance.location());
      optional(provenance.image());
      varint(provenance.layer().isPresent() ? provenance.layer().getAsInt() + 1L : 0);
    }

    void content(ContentRef content) throws IOException {
      if (content instanceof ContentRef.LayerMember m) {
        out.writeByte(LAYER_MEMBER);
        digest(m.layer());
        string(m.member());
      } else if (content instanceof ContentRef.TarMember m) {
        out.writeByte(TAR_MEMBER);
        digest(m.layer());
        string(m.archive());
        string(m.member());
      } else {
        throw new IllegalArgumentException("a layer listing names only layer and tarball members, not " + content);
      }
      digest(content.sha256());
      varint(content.size());
    }

    void modInfo(ModInfo info) throws IOException {
      optional(info.name());
      strings(info.depends());
      strings(info.aliases());
      strings(info.softdeps());
    }

    void strings(List<String> list) throws IOException {
      varint(list.size());
      for (String s : list) {
        string(s);
      }
    }

    void optional(Optional<String> value) throws IOException {
      out.writeBoolean(value.isPresent());
      if (value.isPresent()) {
        string(value.get());
      }
    }

    void string(String s) throws IOException {
      if (!indexed(strings, s)) {
        return;
      }
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      int mismatch = Arrays.mismatch(utf8, previous);
      int shared = mismatch < 0 ? utf8.length : mismatch;
      varint(shared);
      varint((long) (utf8.length - shared) << 1 | (utf8.length == s.length() ? 0 : 1));
      out.write(utf8, shared, utf8.length - shared);
      previous = utf8;
    }

    /** Bytes that need not be text (an extended attribute's value): their length, then themselves. */
    void bytes(byte[] bytes) throws IOException {
      varint(bytes.length);
      out.write(bytes);
    }

    void digest(Digest digest) throws IOException {
      if (indexed(digests, digest)) {
        out.write(HexFormat.of().parseHex(digest.hex()));
      }
    }

    /** Writes the index of {@code value} in {@code table}, adding it; returns whether it is new, so its body must follow. */
    <T> boolean indexed(Map<T, Integer> table, T value) throws IOException {
      Integer index = table.putIfAbsent(value, table.size());
      varint(index != null ? index : table.size() - 1);
      return index == null;
    }

    void signed(long value) throws IOException {
      varint((value << 1) ^ (value >> 63));
    }

    void varint(long value) throws IOException {
      long rest = value;
      while ((rest & ~0x7FL) != 0) {
        out.writeByte((int) (rest & 0x7F) | 0x80);
        rest >>>= 7;
      }
      out.writeByte((int) rest);
    }
  }

  /** Reads from an array rather than a ByteBuffer: a listing is read once per process, mostly before the JIT compiles this. */
  private static final class Reader {
    final byte[] in;
    final int end;
    int at;
    final List<String> strings = new ArrayList<>();
    final List<Digest> digests = new ArrayList<>();
    final List<Attributes> attributes = new ArrayList<>();
    byte[] previous = new byte[0];

    Reader(byte[] in, int start, int end) {
      this.in = in;
      this.at = start;
      this.end = end;
    }

    int remaining() {
      return end - at;
    }

    byte next() {
      if (at >= end) {
        throw new IllegalArgumentException("the listing ends early");
      }
      return in[at++];
    }

    List<PlanEntry> entries() {
      return list(this::entry);
    }

    PlanEntry entry() {
      int kind = next();
      String path = string();
      Attributes attributes = attributes();
      return switch (kind) {
        case FILE -> new PlanEntry(path, attributes, new PlanEntry.File(content()));
        case DIRECTORY -> new PlanEntry(path, attributes, new PlanEntry.Directory());
        case SYMLINK -> new PlanEntry(path, attributes, new PlanEntry.Symlink(string()));
        case HARD_LINK -> new PlanEntry(path, attributes, new PlanEntry.HardLink(string(), content()));
        case DEVICE -> new PlanEntry(path, attributes, new PlanEntry.Device(DeviceKind.values()[next()], (int) signed(), (int) signed()));
        case FIFO -> new PlanEntry(path, attributes, new PlanEntry.Fifo());
        case WHITEOUT -> new PlanEntry(path, attributes, new PlanEntry.Whiteout());
        case OPAQUE_DIRECTORY -> new PlanEntry(path, attributes, new PlanEntry.OpaqueDirectory());
        default -> throw new IllegalArgumentException("no entry kind " + kind);
      };
    }

    Attributes attributes() {
      return indexed(attributes, this::newAttributes);
    }

    Attributes newAttributes() {
      Metadata metadata = new Metadata((int) varint(), (int) signed(), (int) signed(), signed());
      SortedMap<String, XattrValue> xattrs = new TreeMap<>();
      for (int i = count(); i > 0; i--) {
        xattrs.put(string(), new XattrValue(bytes()));
      }
      String location = string();
      Optional<String> image = optional();
      long layer = varint();
      return new Attributes(metadata, xattrs,
          new Provenance(location, image, layer == 0 ? OptionalInt.empty() : OptionalInt.of((int) (layer - 1))));
    }

    ContentRef content() {
      int kind = next();
      return switch (kind) {
        case LAYER_MEMBER -> new ContentRef.LayerMember(digest(), string(), digest(), varint());
        case TAR_MEMBER -> new ContentRef.TarMember(digest(), string(), string(), digest(), varint());
        default -> throw new IllegalArgumentException("no content kind " + kind);
      };
    }

    ModInfo modInfo() {
      return new ModInfo(optional(), strings(), strings(), strings());
    }

    List<String> strings() {
      return list(this::string);
    }

    <T> List<T> list(Supplier<T> element) {
      int count = count();
      List<T> list = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        list.add(element.get());
      }
      return list;
    }

    Optional<String> optional() {
      return next() != 0 ? Optional.of(string()) : Optional.empty();
    }

    String string() {
      return indexed(strings, this::newString);
    }

    String newString() {
      int shared = length(previous.length);
      long rest = varint();
      int added = length(rest >>> 1, remaining());
      byte[] bytes = Arrays.copyOf(previous, shared + added);
      System.arraycopy(in, at, bytes, shared, added);
      at += added;
      previous = bytes;
      return new String(bytes, (rest & 1) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    byte[] bytes() {
      int length = length(remaining());
      byte[] bytes = Arrays.copyOfRange(in, at, at + length);
      at += length;
      return bytes;
    }

    Digest digest() {
      return indexed(digests, this::newDigest);
    }

    Digest newDigest() {
      if (remaining() < SHA256_BYTES) {
        throw new IllegalArgumentException("the listing ends early");
      }
      byte[] sha256 = Arrays.copyOfRange(in, at, at + SHA256_BYTES);
      at += SHA256_BYTES;
      return Digest.fromHash(sha256);
    }

    /** The value the next index names in {@code table}, or for the next new index, {@code read}'s, added to it. */
    <T> T indexed(List<T> table, Supplier<T> read) {
      int index = length(table.size());
      if (index < table.size()) {
        return table.get(index);
      }
      T value = read.get();
      table.add(value);
      return value;
    }

    /** A count of things each at least a byte long, so never more than the bytes left. */
    int count() {
      return length(remaining());
    }

    int length(int max) {
      return length(varint(), max);
    }

    static int length(long value, int max) {
      if (value < 0 || value > max) {
        throw new IllegalArgumentException(value + " is more than " + max);
      }
      return (int) value;
    }

    long signed() {
      long raw = varint();
      return (raw >>> 1) ^ -(raw & 1);
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = next();
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("a varint longer than 64 bits");
    }
  }
}
