package dev.imgc.image;

import dev.imgc.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A memo on disk: a text file whose first line names its format and version, then one record a line.
 * A memo only saves work, so one that is missing, unreadable or of another format reads as no memo,
 * and one that cannot be written is simply not written. Writes go to a temporary file renamed over
 * the memo, so a reader, or another imgc process writing at the same time, never sees half a file:
 * the last writer wins. {@link #replace} does the same for any cache file's bytes.
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
    replace(file, out -> {
      Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      text.write(header + "\n");
      for (String record : records) {
        text.write(record + "\n");
      }
      text.flush();
    });
  }

  /**
   * Replaces {@code file} with what {@code content} writes, through a temporary file beside it renamed
   * over it; if anything fails, the file is left as it was and nothing is reported, since a memo or a
   * cache only saves work.
   */
  public static void replace(Path file, AtomicFiles.Content content) {
    try {
      AtomicFiles.replace(file, content);
    } catch (IOException e) {
      // A read-only or full cache costs the next run the work this file would have saved, nothing more;
      // a temporary file left behind is swept by the next imgc, once this process is gone.
    }
  }
}
