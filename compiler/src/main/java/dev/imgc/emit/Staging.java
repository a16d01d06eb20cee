package dev.imgc.emit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The files of one emit, written as hidden temporary files in the output directory (so the final
 * rename stays on one filesystem) and renamed to their names only once every format is written.
 * Closing deletes whatever was not committed: a failed emit leaves the directory as it was. So does an
 * interrupted one (Ctrl-C, SIGTERM): a shutdown hook deletes the temporary files while staging is open.
 */
final class Staging implements Closeable {
  private final Path directory;
  private final Map<Path, String> outputs = new LinkedHashMap<>();
  private final List<Path> scratch = new CopyOnWriteArrayList<>();
  private long next;
  private final Thread onShutdown = new Thread(this::deleteScratch, "imgc-staging-cleanup");

  Staging(Path directory) {
    this.directory = directory;
    Runtime.getRuntime().addShutdownHook(onShutdown);
  }

  /** A new empty temporary file that becomes {@code fileName} on commit. */
  Path output(String fileName) throws IOException {
    Path temp = scratch(fileName);
    promote(temp, fileName);
    return temp;
  }

  /**
   * A new empty temporary file, deleted at the end unless {@linkplain #promote promoted}. It is
   * created as any new file is (mode 0666 less the umask), not owner-only as {@code createTempFile}
   * makes them, since it becomes an artifact the user shares; the pid and a counter make the name unique.
   */
  Path scratch(String hint) throws IOException {
    return createScratch(hint, ".part", path -> Files.createFile(path));
  }

  /** A new empty hidden directory for a writer's own temporary files, deleted with the files in it at the end. */
  Path scratchDirectory(String hint) throws IOException {
    return createScratch(hint, ".d", path -> Files.createDirectory(path));
  }

  /** How a file or directory is made: failing with {@link FileAlreadyExistsException} if the name is taken. */
  private interface Creator {
    Path create(Path path) throws IOException;
  }

  /** Makes a hidden {@code .HINT.PID-N SUFFIX} that no one has, and records it for deletion. */
  private Path createScratch(String hint, String suffix, Creator creator) throws IOException {
    while (true) {
      try {
        String name = "." + hint + "." + ProcessHandle.current().pid() + "-" + next++ + suffix;
        Path temp = creator.create(directory.resolve(name));
        scratch.add(temp);
        return temp;
      } catch (FileAlreadyExistsException taken) {
        // left by an earlier process with the same pid; try the next number
      }
    }
  }

  /**
   * Makes the file {@code source} become {@code fileName} on commit: a temporary file of this staging is
   * renamed, any other file (one the build cache kept) is hard-linked, or copied where it cannot be.
   */
  void stage(String fileName, Path source) throws IOException {
    if (scratch.contains(source)) {
      promote(source, fileName);
    } else {
      promote(createScratch(fileName, ".part", path -> {
        BuildCache.linkOrCopy(source, path);
        return path;
      }), fileName);
    }
  }

  /** The temporary file that becomes {@code fileName} on commit. */
  Path staged(String fileName) {
    return outputs.entrySet().stream().filter(output -> output.getValue().equals(fileName)).map(Map.Entry::getKey)
        .findFirst().orElseThrow(() -> new IllegalStateException(fileName + " is not staged"));
  }

  /** Makes the temporary file {@code temp} become {@code fileName} on commit. */
  void promote(Path temp, String fileName) {
    if (outputs.containsValue(fileName)) {
      throw new IllegalStateException(fileName + " is staged twice");
    }
    outputs.put(temp, fileName);
  }

  /** Renames every output to its name, replacing an older file of that name; returns the final paths. */
  List<Path> commit() throws IOException {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<Path, String> output : outputs.entrySet()) {
      Path target = directory.resolve(output.getValue());
      Files.move(output.getKey(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      // rename(2) does nothing when both names are links to one file, as when an output the build
      // cache kept is linked over its earlier self: the temporary name is then still there
      Files.deleteIfExists(output.getKey());
      scratch.remove(output.getKey());
      written.add(target);
    }
    outputs.clear();
    return written;
  }

  @Override
  public void close() throws IOException {
    try {
      Runtime.getRuntime().removeShutdownHook(onShutdown);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to; it deletes the same files
    }
    IOException failure = deleteScratch();
    if (failure != null) {
      throw failure;
    }
  }

  /** Deletes every temporary file not yet renamed; returns the first failure, having tried them all. */
  private IOException deleteScratch() {
    IOException failure = null;
    for (Path temp : scratch) {
      try {
        if (Files.isDirectory(temp, LinkOption.NOFOLLOW_LINKS)) {
          try (Stream<Path> inside = Files.list(temp)) {
            for (Path file : inside.toList()) {
              Files.deleteIfExists(file);
            }
          }
        }
        Files.deleteIfExists(temp);
        scratch.remove(temp);
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    return failure;
  }
}
