package dev.imgc.image;

import dev.imgc.image.oci.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SHA-256 of local files, each file hashed once: a digest is remembered, across runs, with the
 * file's stamp (size, modification and status-change times to the nanosecond, device and inode), and
 * is used again only while the stamp is unchanged. Rewriting a file, even to the same size and with
 * its modification time put back, changes its status-change time; replacing it changes its inode.
 *
 * <p>The memo is one file in the user's cache, read once and rewritten (atomically, merged with what
 * other processes wrote meanwhile) whenever a file had to be hashed. Entries of files that are gone
 * or changed are dropped then, so the memo stays as small as the set of files imgc reads.
 */
public final class FileDigests {
  private static final String HEADER = "imgc file-digests 1";
  /**
   * How long a file must have been left alone for its digest to be remembered. Time stamps are only
   * as fine as the kernel's clock tick, so a file written again within the tick it was hashed in
   * could keep its stamp; a file that changed this recently is hashed again next time instead.
   */
  private static final Duration SETTLED = Duration.ofSeconds(2);

  private final Path memo;
  private final Clock clock;
  private Map<Path, Remembered> remembered;

  /** What the file system says of a file; equal stamps mean, as far as anyone can tell, the same bytes. */
  private record Stamp(long size, Instant modified, Instant changed, String inode) {
    boolean settledAt(Instant now) {
      Instant latest = modified.isAfter(changed) ? modified : changed;
      return latest.plus(SETTLED).isBefore(now);
    }
  }

  private record Remembered(Stamp stamp, Digest digest) {}

  /** @param clock tells when a file is {@linkplain #SETTLED settled} enough for its digest to be remembered */
  public FileDigests(Path memo, Clock clock) {
    this.memo = memo;
    this.clock = clock;
  }

  /** The memo of the user's cache {@code cache} ({@code ~/.cache/imgc/file-digests}). */
  public static FileDigests inCache(Path cache) {
    return new FileDigests(cache.resolve("file-digests"), Clock.systemUTC());
  }

  /** The SHA-256 of {@code file}'s bytes, hashed only if the memo has none for the file as it is now. */
  public synchronized Digest sha256(Path file) throws IOException {
    Path path = file.toAbsolutePath();
    Stamp before = stamp(path);
    Remembered known = remembered().get(path);
    if (known != null && known.stamp().equals(before)) {
      return known.digest();
    }
    Digest digest = Digest.ofFile(path);
    // Not remembered: a path the memo's lines cannot hold, a file changed too recently to trust its
    // stamp, or one that changed while it was read (its digest may be of neither version).
    boolean oneLine = path.toString().chars().noneMatch(c -> c == '\n' || c == '\r');
    if (oneLine && before.settledAt(clock.instant()) && stamp(path).equals(before)) {
      remembered.put(path, new Remembered(before, digest));
      save();
    }
    return digest;
  }

  private static Stamp stamp(Path file) throws IOException {
    Map<String, Object> attributes = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,dev,ino");
    return new Stamp((Long) attributes.get("size"), ((FileTime) attributes.get("lastModifiedTime")).toInstant(),
        ((FileTime) attributes.get("ctime")).toInstant(), attributes.get("dev") + ":" + attributes.get("ino"));
  }

  private Map<Path, Remembered> remembered() {
    if (remembered == null) {
      remembered = load();
    }
    return remembered;
  }

  /** Each record: digest, size, modified, changed, device:inode, then the path (last, as it may hold tabs). */
  private Map<Path, Remembered> load() {
    Map<Path, Remembered> entries = new TreeMap<>();
    for (String line : MemoFile.read(memo, HEADER).orElse(List.of())) {
      parse(line).ifPresent(entry -> entries.put(entry.getKey(), entry.getValue()));
    }
    return entries;
  }

  private static Optional<Map.Entry<Path, Remembered>> parse(String line) {
    String[] fields = line.split("\t", 6);
    try {
      Stamp stamp = new Stamp(Long.parseLong(fields[1]), Instant.parse(fields[2]), Instant.parse(fields[3]), fields[4]);
      return Optional.of(Map.entry(Path.of(fields[5]), new Remembered(stamp, new Digest(fields[0]))));
    } catch (RuntimeException e) { // a damaged record is only a digest that must be computed again
      return Optional.empty();
    }
  }

  private void save() {
    Map<Path, Remembered> merged = load();
    merged.putAll(remembered);
    merged.entrySet().removeIf(entry -> !unchanged(entry.getKey(), entry.getValue().stamp()));
    remembered = merged;
    List<String> records = new ArrayList<>();
    merged.forEach((path, known) -> records.add(String.join("\t", known.digest().hex(), Long.toString(known.stamp().size()),
        known.stamp().modified().toString(), known.stamp().changed().toString(), known.stamp().inode(), path.toString())));
    MemoFile.write(memo, HEADER, records);
  }

  private static boolean unchanged(Path path, Stamp stamp) {
    try {
      return stamp(path).equals(stamp);
    } catch (IOException e) {
      return false;
    }
  }
}
