package dev.imgc.emit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one emit, written as hidden temporary files in the output directory (so the final
 * rename stays on one filesystem) and renamed to their names only once every format is written.
 * Closing deletes whatever was not committed: a failed emit leaves the directory as it was.
 */
final class Staging implements Closeable {
  private final Path directory;
  private final Map<Path, String> outputs = new LinkedHashMap<>();
  private final List<Path> scratch = new ArrayList<>();

  Staging(Path directory) {
    this.directory = directory;
  }

  /** A new empty temporary file that becomes {@code fileName} on commit. */
  Path output(String fileName) throws IOException {
    Path temp = scratch(fileName);
    promote(temp, fileName);
    return temp;
  }

  /** A new empty temporary file, deleted at the end unless {@linkplain #promote promoted}. */
  Path scratch(String hint) throws IOException {
    Path temp = Files.createTempFile(directory, "." + hint + ".", ".part");
    scratch.add(temp);
    return temp;
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
      scratch.remove(output.getKey());
      written.add(target);
    }
    outputs.clear();
    return written;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (Path temp : scratch) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    scratch.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
