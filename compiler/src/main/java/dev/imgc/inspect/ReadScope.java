package dev.imgc.inspect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a reader is in a listing: the location of the artifact it reads, how deep that is nested,
 * and where its parts go. Readers hand every file's content to {@link #file}, which hashes it and,
 * when the listing is recursive, lists what the file holds if it is an artifact too: a stream format
 * (cpio, tar, compressed) as it streams by, a block format (ISO, FAT, disk, PE) from its region, or
 * from a temporary copy when it came as a stream.
 *
 * <p>A nested artifact is listed only when it holds entries (a kernel is a PE file but holds no
 * files), and one that cannot be read is only a file: a file of data may start like gzip. Going past
 * a {@link ReadBounds bound} is never forgiven.
 */
final class ReadScope {
  /** Enough of a file to recognise every format: ISO 9660's descriptor starts at 32 KiB. */
  private static final int HEAD = IsoReader.SYSTEM_AREA + 2048;

  private final InspectOptions options;
  private final Budget budget;
  private final String location;
  private final int depth;
  private final List<Region.Span> ancestors;
  private final List<Part> parts;
  private final List<Part> nested;

  private ReadScope(InspectOptions options, Budget budget, String location, int depth, List<Region.Span> ancestors,
      List<Part> parts, List<Part> nested) {
    this.options = options;
    this.budget = budget;
    this.location = location;
    this.depth = depth;
    this.ancestors = ancestors;
    this.parts = parts;
    this.nested = nested;
  }

  /** The scope of the inspected artifact itself. */
  static ReadScope root(InspectOptions options, long size, Region.Span whole) {
    return new ReadScope(options, new Budget(options.bounds(), size), "", 0, List.of(whole), new ArrayList<>(),
        new ArrayList<>());
  }

  /** The artifact's parts in the order read, then the nested artifacts' parts sorted by location. */
  Listing listing() {
    List<Part> all = new ArrayList<>(parts);
    List<Part> sortedNested = new ArrayList<>(nested);
    sortedNested.sort(java.util.Comparator.comparing(Part::location)); // stable: a nested artifact's parts keep their order
    all.addAll(sortedNested);
    return new Listing(all);
  }

  /** The location of this scope's parts, empty for the inspected artifact's own. */
  String location() {
    return location;
  }

  Budget budget() {
    return budget;
  }

  /** A part of the same artifact that is a namespace of its own (a partition, a boot image, a layer). */
  ReadScope within(String name) {
    return new ReadScope(options, budget, locate(name), depth, ancestors, parts, nested);
  }

  /** The same place with parts of its own, for a reading whose parts may be dropped (see {@link #adopt}). */
  ReadScope detached() {
    return new ReadScope(options, budget, location, depth, ancestors, new ArrayList<>(), new ArrayList<>());
  }

  /** Takes the parts of a {@link #detached} scope after all. */
  void adopt(ReadScope other) {
    parts.addAll(other.parts);
    nested.addAll(other.nested);
  }

  PartBuilder part(String title) {
    return new PartBuilder(title, location, budget);
  }

  void add(Part part) {
    parts.add(part);
  }

  /** Where {@code path} of this scope lies in the inspected artifact. */
  String locate(String path) {
    return location.isEmpty() ? path : location + Part.INSIDE + path;
  }

  /** Whether the file at {@code path} is read as an artifact too. */
  boolean descendsInto(String path) {
    String at = locate(path);
    return options.recursive() || options.captures().wantsInside(at);
  }

  /** Lists what the bytes of {@code region} hold as the artifact at {@code path}, when it is one; they are read again. */
  void embedded(String path, Region region) throws IOException {
    if (!descendsInto(path) || region.length() == 0) {
      return;
    }
    BlockFormat format = recognise(region);
    if (format != null) {
      listBlock(path, region, format);
      return;
    }
    budget.expand(region.length());
    try (InputStream in = region.stream(0, region.length())) {
      file(path, in);
    }
  }

  /** The size and sha256 of a file held in a region, listing what it holds if it is an artifact. */
  Digest.Result file(String path, Region region) throws IOException {
    BlockFormat format = descendsInto(path) && region.length() > 0 ? recognise(region) : null;
    if (format != null) {
      listBlock(path, region, format);
    }
    try (InputStream in = region.stream(0, region.length())) {
      return file(path, in, format == null);
    }
  }

  /** The size and sha256 of a file read from {@code content} (to its end), listing what it holds if it is an artifact. */
  Digest.Result file(String path, InputStream content) throws IOException {
    return file(path, content, true);
  }

  private Digest.Result file(String path, InputStream content, boolean descend) throws IOException {
    OutputStream capture = options.captures().open(locate(path));
    Digest.Hashing hashing = new Digest.Hashing(capture == null ? content : new CopyingInputStream(content, capture));
    if (descend && descendsInto(path)) {
      BufferedInputStream in = new BufferedInputStream(hashing, HEAD);
      in.mark(HEAD);
      byte[] head = in.readNBytes(HEAD);
      in.reset();
      if (Magic.of(head, head.length).isStreamFormat()) {
        ReadScope child = child(path, null);
        try {
          StreamArtifact.readNested(in, child);
          accept(child);
        } catch (BoundException e) {
          throw e;
        } catch (IOException | InspectException | RuntimeException notAnArtifact) {
          // data that starts like an archive: listed as the file it is
        }
      } else if (head.length > 0 && recognise(Region.of(head, head.length)) != null) {
        listSpooled(path, in);
      }
      Digest.drain(in);
    } else {
      Digest.drain(hashing);
    }
    if (capture != null) {
      capture.flush();
    }
    return hashing.result();
  }

  private static BlockFormat recognise(Region region) {
    try {
      return BlockFormat.of(region);
    } catch (IOException unreadable) {
      return null;
    }
  }

  /** A block artifact that came as a stream is copied to a temporary file to be read at positions. */
  private void listSpooled(String path, InputStream in) throws IOException {
    Path copy = Files.createTempFile("imgc-inspect-", ".img");
    try {
      try (OutputStream out = Files.newOutputStream(copy)) {
        in.transferTo(out);
      }
      try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ)) {
        Region region = new Region(channel, 0, channel.size());
        BlockFormat format = recognise(region);
        if (format != null) {
          listBlock(path, region, format);
        }
      }
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  private void listBlock(String path, Region region, BlockFormat format) throws IOException {
    ReadScope child = child(path, region.span());
    budget.expand(region.length());
    try {
      format.read(region, child);
      accept(child);
    } catch (BoundException e) {
      throw e;
    } catch (IOException | InspectException | RuntimeException notAnArtifact) {
      // bytes that look like an artifact at a glance: listed as the file they are
    }
  }

  private ReadScope child(String path, Region.Span span) throws BoundException {
    String at = locate(path);
    if (depth + 1 > budget.maxDepth()) {
      throw new BoundException("nests artifacts more than " + budget.maxDepth() + " deep (at " + SafeText.escape(at)
          + "): it is hostile, or not an artifact imgc made");
    }
    List<Region.Span> chain = new ArrayList<>(ancestors);
    if (span != null) {
      if (ancestors.contains(span)) {
        throw new BoundException("holds itself: " + SafeText.escape(at)
            + " is the same bytes as an artifact that holds it, a loop imgc does not follow");
      }
      chain.add(span);
    }
    return new ReadScope(options, budget, at, depth + 1, chain, new ArrayList<>(), new ArrayList<>());
  }

  /** Keeps a nested artifact's parts when it holds something a listing shows. */
  private void accept(ReadScope child) {
    boolean holdsEntries = child.parts.stream().anyMatch(p -> !p.entries().isEmpty()) || !child.nested.isEmpty();
    if (holdsEntries) {
      nested.addAll(child.parts);
      nested.addAll(child.nested);
    }
  }
}
