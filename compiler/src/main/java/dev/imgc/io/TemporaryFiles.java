package dev.imgc.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The temporary files this process makes in one directory, named so that any imgc process can tell
 * whether their owner still runs: a file a killed process left is deleted by the next imgc that
 * {@linkplain #sweep sweeps} the directory, and never a file of a process still running.
 *
 * <p>While a process has temporary files in a directory it holds an exclusive lock on an owner file
 * there, {@code .imgc-owner-TAG.lock}, and every temporary file's name carries the same
 * {@code imgc-TAG-N}. The kernel drops the lock when the process ends however it ends (SIGKILL, a
 * crash, power loss), so a free lock, or no owner file at all, means the owner is gone. A pid alone
 * would not tell that, since pids are reused; the tag is the pid (for people reading the names) and a
 * random part, new each time a process claims a directory, so an owner file's name is never used twice.
 * An owner file appears under its name already locked (it is made and locked under a pending name, then
 * renamed), so a sweep never mistakes an owner that is starting for one that is gone.
 *
 * <p>SIGTERM, SIGINT and SIGHUP run the JVM's shutdown hooks; one of them deletes every temporary file
 * still listed here and the owner files, and from then on no new temporary file is made.
 */
public final class TemporaryFiles {
  private static final String OWNER_PREFIX = ".imgc-owner-";
  private static final String OWNER_SUFFIX = ".lock";
  private static final String PENDING_SUFFIX = ".pending";
  private static final Pattern OWNER = Pattern.compile(Pattern.quote(OWNER_PREFIX) + "(\\d+-[0-9a-z]{10})"
      + "(" + Pattern.quote(OWNER_SUFFIX) + "|" + Pattern.quote(PENDING_SUFFIX) + ")");
  private static final Pattern OWNED = Pattern.compile("imgc-(\\d+-[0-9a-z]{10})-\\d+");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Guards everything below, and every claim's state: creating temporary files is rare next to writing them. */
  private static final Object MONITOR = new Object();
  private static final Map<Path, TemporaryFiles> DIRECTORIES = new HashMap<>();
  private static final Set<String> OWN_TAGS = new HashSet<>();
  private static boolean stopping;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TemporaryFiles::deleteAll, "imgc-temporary-files"));
  }

  private final Path directory;
  private final Set<Path> files = new LinkedHashSet<>();
  private String tag;
  private FileChannel ownerChannel;
  private long next;

  private TemporaryFiles(Path directory) {
    this.directory = directory;
  }

  /** This process's temporary files in {@code directory}, which is created if missing. */
  public static TemporaryFiles in(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path real = directory.toRealPath();
    synchronized (MONITOR) {
      return DIRECTORIES.computeIfAbsent(real, TemporaryFiles::new);
    }
  }

  /**
   * This process's temporary files in {@code directory}, once what processes that are gone left
   * there is {@linkplain #sweep swept}: how a place imgc writes to is claimed.
   */
  public static TemporaryFiles sweptIn(Path directory) throws IOException {
    TemporaryFiles temporaries = in(directory);
    sweep(directory);
    return temporaries;
  }

  /**
   * This process's temporary files in the system's temporary directory ({@code java.io.tmpdir}), for
   * scratch files that belong to no place of imgc's; swept as {@link #sweptIn} sweeps.
   */
  public static TemporaryFiles inSystemTemporaryDirectory() throws IOException {
    return sweptIn(systemTemporaryDirectory());
  }

  public static Path systemTemporaryDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /**
   * A new empty file {@code PREFIXimgc-TAG-NSUFFIX}, made as any new file is (mode 0666 less the umask),
   * deleted when this process stops unless it was {@linkplain #forget renamed} first.
   */
  public Path createFile(String prefix, String suffix) throws IOException {
    return create(prefix, suffix, path -> Files.createFile(path));
  }

  /** A new empty directory, named and deleted (with what it holds) as {@link #createFile} files are. */
  public Path createDirectory(String prefix, String suffix) throws IOException {
    return create(prefix, suffix, path -> Files.createDirectory(path));
  }

  /** Stops tracking {@code path}, which was renamed into place (or deleted); unknown paths are ignored. */
  public void forget(Path path) {
    synchronized (MONITOR) {
      if (files.remove(path) && files.isEmpty()) {
        release();
      }
    }
  }

  /** Deletes {@code path} (a directory with what it holds) if it is still there, and stops tracking it. */
  public void delete(Path path) throws IOException {
    deleteTree(path);
    forget(path);
  }

  /**
   * Deletes the temporary files in {@code directory} whose owner is gone, and their owner files. Files
   * of live processes, this one's included, are left alone. Sweeping is housekeeping: a directory that
   * is missing or cannot be read, or a file this user may not delete, is left as it is.
   */
  public static void sweep(Path directory) {
    List<Path> entries;
    try (Stream<Path> listing = Files.list(directory)) {
      entries = listing.toList();
    } catch (IOException unreadable) {
      return;
    }
    Map<String, List<Path>> owned = new TreeMap<>();
    List<Path> pending = new ArrayList<>();
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      Matcher owner = OWNER.matcher(name);
      Matcher file = OWNED.matcher(name);
      if (owner.matches()) {
        owned.computeIfAbsent(owner.group(1), t -> new ArrayList<>());
        if (owner.group(2).equals(PENDING_SUFFIX)) {
          pending.add(entry);
        }
      } else if (file.find()) {
        owned.computeIfAbsent(file.group(1), t -> new ArrayList<>()).add(entry);
      }
    }
    synchronized (MONITOR) { // one sweep at a time in this process: two would each lock, then unlock, the other's owner file
      for (Map.Entry<String, List<Path>> owner : owned.entrySet()) {
        if (!OWN_TAGS.contains(owner.getKey())) {
          deleteIfOwnerGone(directory.resolve(OWNER_PREFIX + owner.getKey() + OWNER_SUFFIX), owner.getValue());
        }
      }
      for (Path file : pending) {
        if (!OWN_TAGS.contains(tagOf(file))) {
          deleteIfOwnerGone(file, List.of());
        }
      }
    }
  }

  /**
   * Deletes {@code files} and {@code ownerFile} if no process holds the lock on it (or it is missing). A
   * shared lock is enough to tell, and needs only read access: another user's store may be shared.
   */
  private static void deleteIfOwnerGone(Path ownerFile, List<Path> files) {
    try (FileChannel channel = FileChannel.open(ownerFile, StandardOpenOption.READ)) {
      FileLock lock;
      try {
        lock = channel.tryLock(0, Long.MAX_VALUE, true);
      } catch (IOException locksUnsupported) {
        return; // without locks no owner can be told gone: leave its files
      }
      if (lock == null) {
        return; // the owner runs
      }
      for (Path file : files) {
        deleteTree(file);
      }
      Files.deleteIfExists(ownerFile); // while locked, so no other sweep takes it for a live owner's
    } catch (NoSuchFileException noOwnerFile) {
      try {
        for (Path file : files) { // an owner makes its owner file before its first temporary file, removes it after the last
          deleteTree(file);
        }
      } catch (IOException notOurs) {
        // left for a user who may delete it
      }
    } catch (IOException notOurs) {
      // an owner file or a temporary file this user may not read or delete: left for one who may
    }
  }

  /** Whether {@code path} is named as a temporary file or an owner file of some imgc process. */
  public static boolean isTagged(Path path) {
    String name = path.getFileName().toString();
    return OWNER.matcher(name).matches() || OWNED.matcher(name).find();
  }

  private static String tagOf(Path ownerFile) {
    Matcher owner = OWNER.matcher(ownerFile.getFileName().toString());
    return owner.matches() ? owner.group(1) : "";
  }

  /** How a file or directory is made: failing with {@link FileAlreadyExistsException} if the name is taken. */
  @FunctionalInterface
  public interface Creator {
    void create(Path path) throws IOException;
  }

  /** A new {@code PREFIXimgc-TAG-NSUFFIX} that {@code creator} makes, tracked as {@link #createFile} files are. */
  public Path create(String prefix, String suffix, Creator creator) throws IOException {
    synchronized (MONITOR) {
      if (stopping) {
        throw new IOException("imgc is stopping");
      }
      if (files.isEmpty()) {
        claim();
      }
      try {
        while (true) {
          Path path = directory.resolve(prefix + "imgc-" + tag + "-" + next++ + suffix);
          try {
            creator.create(path);
            files.add(path);
            return path;
          } catch (FileAlreadyExistsException taken) {
            // a name of this claim's tag is never taken by anyone else; try the next number
          }
        }
      } catch (IOException | RuntimeException e) {
        if (files.isEmpty()) {
          release();
        }
        throw e;
      }
    }
  }

  /** Makes and locks a new owner file, under a pending name first, so it is never seen unlocked under its name. */
  private void claim() throws IOException {
    while (true) {
      tag = ProcessHandle.current().pid() + "-" + randomPart();
      Path pending = directory.resolve(OWNER_PREFIX + tag + PENDING_SUFFIX);
      FileChannel channel = FileChannel.open(pending, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      OWN_TAGS.add(tag);
      try {
        channel.lock();
      } catch (IOException locksUnsupported) {
        // the file is still named: a sweep that cannot lock it takes the owner for alive
      }
      try {
        Files.move(pending, directory.resolve(OWNER_PREFIX + tag + OWNER_SUFFIX), StandardCopyOption.ATOMIC_MOVE);
        ownerChannel = channel;
        return;
      } catch (NoSuchFileException sweptBeforeLocked) {
        // another process swept the pending file in the instant before the lock: start again
        channel.close();
        OWN_TAGS.remove(tag);
      } catch (IOException | RuntimeException e) {
        channel.close();
        Files.deleteIfExists(pending);
        OWN_TAGS.remove(tag);
        throw e;
      }
    }
  }

  /** Deletes the owner file, then lets go of its lock: no temporary file of this tag is left. */
  private void release() {
    try {
      Files.deleteIfExists(directory.resolve(OWNER_PREFIX + tag + OWNER_SUFFIX));
    } catch (IOException e) {
      // a sweep finds it unlocked and deletes it
    }
    try {
      ownerChannel.close();
    } catch (IOException e) {
      // closing releases the lock whatever it reports
    }
    ownerChannel = null;
    OWN_TAGS.remove(tag);
  }

  private static String randomPart() {
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      part.append(Character.forDigit(RANDOM.nextInt(36), 36));
    }
    return part.toString();
  }

  /**
   * The shutdown hook: deletes every temporary file left and every owner file, and makes no more. The
   * program's threads run on while the hook does: one that had just been given a temporary file may
   * open it by name (and so make it again) after the first deletion, so the files are deleted twice, a
   * moment apart. One made again after that has no owner file, and the next sweep deletes it. When
   * no file is left (every command that ends as it should), no thread holds one, and there is nothing
   * to wait for: the pause cost every such command its length.
   */
  private static void deleteAll() {
    synchronized (MONITOR) {
      stopping = true;
      if (noneLeft()) {
        return;
      }
      for (int pass = 0; pass < 2; pass++) {
        if (pass > 0) {
          pause();
        }
        for (TemporaryFiles claim : DIRECTORIES.values()) {
          for (Path file : claim.files) {
            try {
              deleteTree(file);
            } catch (IOException e) {
              // nothing more can be done while stopping; the next imgc's sweep deletes it
            }
          }
        }
      }
      for (TemporaryFiles claim : DIRECTORIES.values()) {
        if (!claim.files.isEmpty()) {
          claim.files.clear();
          claim.release();
        }
      }
    }
  }

  private static boolean noneLeft() {
    for (TemporaryFiles claim : DIRECTORIES.values()) {
      if (!claim.files.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Deletes a file, or a directory and what it holds. A writer still running while the process stops may
   * add a file as the directory is emptied, so the walk is tried again a few times.
   */
  private static void deleteTree(Path path) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          try (Stream<Path> walk = Files.walk(path)) {
            for (Path inside : walk.sorted(Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(inside);
            }
          }
        } else {
          Files.deleteIfExists(path);
        }
        return;
      } catch (DirectoryNotEmptyException | NoSuchFileException raced) {
        if (attempt == 3) {
          throw raced;
        }
      }
    }
  }
}
