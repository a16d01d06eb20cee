package dev.imgc.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A memo on disk: a text file whose first line names its format and version, then one record a line.
 * A memo only saves work, so one that is missing, unreadable or of another format reads as no memo,
 * and one that cannot be written is simply not written. Writes go to a temporary file renamed over
 * the memo, so a reader, or another imgc process writing at the same time, never sees half a file:
 * the last writer wins.
 */
public final class MemoFile {
  private MemoFile() {}

  /** The records of {@code file}, if it exists and its first line is {@code header}. */
  public static Optional<List<String>> read(Path file, String header) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) { // missing, unreadable, or not UTF-8
      return Optional.empty();
    }
    if (lines.isEmpty() || !lines.get(0).equals(header)) {
      return Optional.empty();
    }
    return Optional.of(List.copyOf(lines.subList(1, lines.size())));
  }

  /** Replaces {@code file} with {@code header} and {@code records}, or leaves it as it was if that fails. */
  public static void write(Path file, String header, List<String> records) {
    Path temp = null;
    try {
      Files.createDirectories(file.getParent());
      temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".part");
      List<String> lines = new ArrayList<>(records.size() + 1);
      lines.add(header);
      lines.addAll(records);
      Files.write(temp, lines, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // A read-only or full cache costs the next run the work this memo would have saved, nothing more.
    } finally {
      deleteQuietly(temp);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // a stray temporary file in a cache directory is harmless
      }
    }
  }
}
