package dev.imgc.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writing a file so that no reader, and no other imgc writing the same name, ever sees half of it:
 * the bytes go to a temporary file on the same filesystem, which rename(2) then puts in place of the
 * old file in one step (the last writer wins). The temporary files are {@link TemporaryFiles}, so one
 * an interrupted or killed imgc left is deleted, and a failed write leaves the old file as it was.
 * This is the only place imgc renames a finished file into place.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a file's bytes. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Replaces {@code target} with what {@code content} writes, through a temporary file beside it (the
   * temporary files a killed imgc left there are swept first).
   */
  public static void replace(Path target, Content content) throws IOException {
    replace(target, TemporaryFiles.sweptIn(target.toAbsolutePath().getParent()), content);
  }

  /**
   * Replaces {@code target} with what {@code content} writes, through a temporary file of
   * {@code temporaries} (which must be on {@code target}'s filesystem).
   */
  public static void replace(Path target, TemporaryFiles temporaries, Content content) throws IOException {
    Path temp = temporaries.createFile("." + target.getFileName() + ".", ".part");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        content.writeTo(out);
      }
      moveIntoPlace(temp, target, temporaries);
    } finally {
      temporaries.delete(temp);
    }
  }

  /**
   * Renames the finished temporary file or directory {@code temp}, one of {@code temporaries}, to
   * {@code target} in one step: a file replaces the old one, a directory takes the name only if no
   * directory with entries holds it. {@code temp} is then gone in either case: rename(2) does nothing
   * when both names are links to one file (an output the build cache kept, linked over its earlier
   * self), so a name left behind is deleted.
   */
  public static void moveIntoPlace(Path temp, Path target, TemporaryFiles temporaries) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(temp.getParent() + " and " + target.getParent() + " are on different filesystems,"
          + " so " + target.getFileName() + " cannot be put in place in one step", e);
    }
    temporaries.delete(temp);
  }
}
