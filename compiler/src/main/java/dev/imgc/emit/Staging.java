package dev.imgc.emit;

import dev.imgc.io.AtomicFiles;
import dev.imgc.io.TemporaryFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The files of one emit, written as hidden temporary files in the output directory (so the final
 * rename stays on one filesystem) and renamed to their names only once every format is written.
 * Closing deletes whatever was not committed: a failed emit leaves the directory as it was. So does an
 * interrupted one (Ctrl-C, SIGTERM), and the next emit into the directory deletes what one killed
 * outright left: the files are {@link TemporaryFiles}.
 */
final class Staging implements Closeable {
  private final Path directory;
  private final TemporaryFiles temporaries;
  private final Map<Path, String> outputs = new LinkedHashMap<>();
  private final List<Path> scratch = new CopyOnWriteArrayList<>();

  /** Stages files in {@code directory}, first deleting what emits killed before they finished left there. */
  Staging(Path directory) throws IOException {
    this.directory = directory;
    this.temporaries = TemporaryFiles.sweptIn(directory);
  }

  /** A new empty temporary file that becomes {@code fileName} on commit. */
  Path output(String fileName) throws IOException {
    Path temp = scratch(fileName);
    promote(temp, fileName);
    return temp;
  }

  /**
   * A new empty temporary file {@code .HINT.imgc-TAG-N.part}, deleted at the end unless
   * {@linkplain #promote promoted}. It is created as any new file is (mode 0666 less the umask), not
   * owner-only as {@code createTempFile} makes them, since it becomes an artifact the user shares.
   */
  Path scratch(String hint) throws IOException {
    return track(temporaries.createFile("." + hint + ".", ".part"));
  }

  /** A new empty hidden directory for a writer's own temporary files, deleted with the files in it at the end. */
  Path scratchDirectory(String hint) throws IOException {
    return track(temporaries.createDirectory("." + hint + ".", ".d"));
  }

  private Path track(Path temp) {
    scratch.add(temp);
    return temp;
  }

  /**
   * Makes the file {@code source} become {@code fileName} on commit: a temporary file of this staging is
   * renamed, any other file (one the build cache kept) is hard-linked, or copied where it cannot be.
   * Formats share some files (NAME-kernel, NAME-cmdline, NAME-boot-initrd.img): one already staged
   * stays, and must hold the same bytes.
   */
  void stage(String fileName, Path source) throws IOException {
    if (isStaged(fileName)) {
      Path staged = staged(fileName);
      if (!staged.equals(source) && Files.mismatch(staged, source) != -1) {
        throw new IllegalStateException("two formats write " + fileName + " with different bytes");
      }
    } else if (scratch.contains(source)) {
      promote(source, fileName);
    } else {
      promote(track(temporaries.create("." + fileName + ".", ".part", path -> BuildCache.linkOrCopy(source, path))),
          fileName);
    }
  }

  /** Whether a file is staged to become {@code fileName}: a file formats share is written once. */
  boolean isStaged(String fileName) {
    return outputs.containsValue(fileName);
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
      AtomicFiles.moveIntoPlace(output.getKey(), target, temporaries);
      scratch.remove(output.getKey());
      written.add(target);
    }
    outputs.clear();
    return written;
  }

  /** Deletes every temporary file not yet renamed, having tried them all before reporting the first failure. */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (Path temp : scratch) {
      try {
        temporaries.delete(temp);
        scratch.remove(temp);
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
