package dev.imgc.emit;

import dev.imgc.image.oci.Digest;
import dev.imgc.io.AtomicFiles;
import dev.imgc.io.TemporaryFiles;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Files earlier builds wrote, by a key hashed from everything they were made of: so a build whose
 * inputs are unchanged links its outputs instead of writing them again. Every writer is a function of
 * its inputs (the outputs are byte-reproducible), which is what makes reusing them safe.
 *
 * <p>An entry is a directory {@code ROOT/KEY/} holding the files by name and a {@code .stamp} listing
 * each file's size, modification time and inode when it was kept. Outputs are hard links to these
 * files, so a program that writes into an output in place (a VM booting a raw disk without a snapshot)
 * writes into the entry too: the stamp no longer matches, and the entry is dropped rather than reused.
 * Entries are made in a temporary directory and renamed into place, so a reader never sees half of
 * one; two builds keeping the same key keep the first. The stamp's own time records the last use, and
 * the least recently used entries go once the cache holds more than its budget (looked at whenever
 * builds have kept a sixteenth of it since the last look).
 */
public final class BuildCache {
  private static final String STAMP = ".stamp";
  private static final String TEMPORARY = ".new-";
  /** The bytes kept since the last trim, by any build: see {@link #trimNow}. */
  private static final String KEPT_SINCE_TRIM = ".kept-since-trim";

  private final Path root;
  private final String tool;
  private final long budgetBytes;
  /**
   * The files (by inode) this build found here or kept: a file kept again under another key (an
   * output linked from the initrd's own entry) is no new bytes, and counting it again made every
   * one-file edit trim.
   */
  private final Set<Object> counted = ConcurrentHashMap.newKeySet();
  /** A hasher fed the header of every key, cloned for each key; never updated itself. */
  private final MessageDigest keyStart;
  private TemporaryFiles temporaries;

  /**
   * @param tool identifies the program that writes the files (its version and build), so a new
   *     imgc never reuses what an older one wrote
   * @param budgetBytes how many bytes the entries may hold before the least recently used go
   */
  public BuildCache(Path root, String tool, long budgetBytes) {
    this.root = root;
    this.tool = tool;
    this.budgetBytes = budgetBytes;
    keyStart = Digest.newHasher();
    keyStart.update(header());
  }

  /** What every key is hashed from first: the format of keys and the tool. */
  private byte[] header() {
    return ("imgc build cache 1\ntool " + tool + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The key of files made from {@code inputs}, each a line naming one input and its value. */
  String key(List<String> inputs) {
    MessageDigest sha256;
    try {
      sha256 = (MessageDigest) keyStart.clone(); // an edit makes a key per initrd segment: looking up SHA-256 costs more
    } catch (CloneNotSupportedException e) {
      sha256 = Digest.newHasher();
      sha256.update(header());
    }
    for (String input : inputs) {
      if (input.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a build cache input is one line: " + input);
      }
      sha256.update((input + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return Digest.fromHash(sha256.digest()).hex();
  }

  /** The files named {@code fileNames} kept under {@code key}, if all are there and untouched since. */
  Optional<Map<String, Path>> find(String key, List<String> fileNames) {
    Path entry = root.resolve(key);
    try {
      Path stampFile = entry.resolve(STAMP);
      String stamp;
      try (InputStream in = new FileInputStream(stampFile.toFile())) { // without NIO's direct buffer, sized anew for each stamp
        stamp = "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (FileNotFoundException missingOrUnreadable) {
        if (Files.notExists(stampFile, LinkOption.NOFOLLOW_LINKS)) {
          return Optional.empty();
        }
        throw missingOrUnreadable;
      }
      Map<String, Path> files = new LinkedHashMap<>();
      List<Object> inodes = new ArrayList<>();
      for (String fileName : fileNames) {
        Path file = entry.resolve(fileName);
        BasicFileAttributes attributes = regularFile(file);
        if (!stamp.contains("\n" + stampLine(fileName, attributes) + "\n")) {
          drop(entry);
          return Optional.empty();
        }
        files.put(fileName, file);
        inodes.add(attributes.fileKey());
      }
      markUsed(stampFile);
      counted.addAll(inodes);
      return Optional.of(files);
    } catch (NoSuchFileException missing) {
      return Optional.empty();
    } catch (IOException | RuntimeException unreadable) {
      drop(entry);
      return Optional.empty();
    }
  }

  /**
   * Marks an entry used now, by its stamp's time: the order trimming goes by. Both times are set, so
   * that the old access time need not be read first.
   */
  private static void markUsed(Path stamp) throws IOException {
    FileTime now = FileTime.from(Instant.now());
    Files.getFileAttributeView(stamp, BasicFileAttributeView.class).setTimes(now, now, null);
  }

  /**
   * Keeps {@code files} (by the names outputs have) under {@code key}, linked where the filesystem
   * allows, else copied. Failing to keep them is no failure of the build: it only costs the next one.
   */
  void keep(String key, Map<String, Path> files) {
    Path entry = root.resolve(key);
    TemporaryFiles temporaries = null;
    Path temporary = null;
    try {
      temporaries = temporaries();
      temporary = temporaries.createDirectory(TEMPORARY, "");
      StringBuilder stamp = new StringBuilder();
      long bytes = 0;
      List<Object> inodes = new ArrayList<>();
      for (Map.Entry<String, Path> file : files.entrySet()) {
        Path kept = temporary.resolve(file.getKey());
        linkOrCopy(file.getValue(), kept);
        BasicFileAttributes attributes = regularFile(kept);
        stamp.append(stampLine(file.getKey(), attributes)).append('\n');
        if (!counted.contains(attributes.fileKey())) {
          bytes += attributes.size();
          inodes.add(attributes.fileKey());
        }
      }
      Files.writeString(temporary.resolve(STAMP), stamp, StandardCharsets.UTF_8);
      AtomicFiles.moveIntoPlace(temporary, entry, temporaries);
      temporary = null;
      counted.addAll(inodes);
      if (trimNow(bytes, temporaries)) {
        trim();
      }
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException keptByAnotherBuild) {
      // the same files under the same key: keep the first
    } catch (IOException | UncheckedIOException notKept) {
      // a read-only or full cache directory: the build stands, the next one writes again
    } finally {
      if (temporary != null) {
        try {
          temporaries.delete(temporary);
        } catch (IOException e) {
          // left for the sweep of the next build that keeps files here
        }
      }
    }
  }

  /**
   * This process's temporary files in the cache, the directory swept of what builds killed while
   * keeping files left on the first keep: a build keeps a file per new initrd segment, and each sweep
   * lists the whole cache.
   */
  private synchronized TemporaryFiles temporaries() throws IOException {
    if (temporaries == null) {
      temporaries = TemporaryFiles.sweptIn(root);
    }
    return temporaries;
  }

  /**
   * Makes the new file {@code target} a hard link to {@code source}, or a copy where no link can be
   * made (another filesystem); fails with {@link FileAlreadyExistsException} if {@code target} exists.
   */
  static void linkOrCopy(Path source, Path target) throws IOException {
    try {
      Files.createLink(target, source);
    } catch (FileAlreadyExistsException taken) {
      throw taken;
    } catch (UnsupportedOperationException | IOException crossDevice) {
      Files.copy(source, target);
    }
  }

  /**
   * Whether to trim after keeping {@code bytes}: once a sixteenth of the budget more was kept since the
   * last trim, counted across builds in {@code ROOT/.kept-since-trim} (a cache without a readable count
   * is trimmed, which starts one). Trimming reads every entry, thousands in a cache used for a while,
   * and a build keeps a few small ones (an edited initrd's segment, its outputs): trimming at each
   * build's first keep cost an edit more than its writing. Builds keeping at once may each miss the
   * other's bytes: the cache then goes over its budget by those until a later trim.
   */
  private boolean trimNow(long bytes, TemporaryFiles temporaries) {
    Path counter = root.resolve(KEPT_SINCE_TRIM);
    long since;
    try {
      since = Long.parseLong(Files.readString(counter, StandardCharsets.US_ASCII).strip());
    } catch (IOException | NumberFormatException | UncheckedIOException missingOrDamaged) {
      since = -1;
    }
    boolean trim = since < 0 || since + bytes > budgetBytes / 16;
    byte[] count = Long.toString(trim ? 0 : since + bytes).getBytes(StandardCharsets.US_ASCII);
    try {
      AtomicFiles.replace(counter, temporaries, out -> out.write(count));
    } catch (IOException | UncheckedIOException notCounted) {
      return true; // without a count, every keep trims: the budget still holds
    }
    return trim;
  }

  /** Removes the least recently used entries while the entries hold more than the budget. */
  private void trim() throws IOException {
    record Kept(Path entry, FileTime used, long bytes) {}
    List<Kept> entries = new ArrayList<>();
    long total = 0;
    try (Stream<Path> listing = Files.list(root)) {
      for (Path entry : listing.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) { // not temporaries
        try {
          long bytes = size(entry);
          entries.add(new Kept(entry, Files.getLastModifiedTime(entry.resolve(STAMP)), bytes));
          total += bytes;
        } catch (NoSuchFileException goneMeanwhile) {
          // dropped by another build
        }
      }
    }
    entries.sort(Comparator.comparing(Kept::used));
    for (Kept oldest : entries) {
      if (total <= budgetBytes) {
        break;
      }
      drop(oldest.entry());
      total -= oldest.bytes();
    }
  }

  private static long size(Path entry) throws IOException {
    try (Stream<Path> files = Files.list(entry)) {
      long bytes = 0;
      for (Path file : files.toList()) {
        bytes += Files.size(file);
      }
      return bytes;
    }
  }

  private static BasicFileAttributes regularFile(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new IOException(file + " is not a regular file");
    }
    return attributes;
  }

  /** A kept file as its stamp lists it; the time in nanoseconds, as formatting an instant costs a compile its first use. */
  private static String stampLine(String fileName, BasicFileAttributes attributes) {
    return fileName + " " + attributes.size() + " " + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " "
        + attributes.fileKey();
  }

  /** Deletes an entry, or whatever is left of it; an entry that cannot be deleted is simply not used. */
  private static void drop(Path entry) {
    try (Stream<Path> files = Files.list(entry)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(entry);
    } catch (IOException | UncheckedIOException ignored) {
      // gone already, or not ours to delete: either way it is not reused
    }
  }
}
