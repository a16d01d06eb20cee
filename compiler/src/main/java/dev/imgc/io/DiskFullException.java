package dev.imgc.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A write failed because the filesystem holding one of imgc's places (the output directory, the image
 * store, the cache) is full. The system's "No space left on device" names no path; this names the place,
 * its directory, and what to do.
 */
public final class DiskFullException extends IOException {
  /** Below this many free bytes a failed write is taken for a full filesystem whatever the error's words (they may be translated). */
  private static final long NEARLY_FULL = 1 << 20;

  /**
   * One of imgc's places.
   *
   * @param name what the user calls it, e.g. "the output directory"
   * @param remedy what to do, e.g. "free some space there, or write elsewhere with -o DIR"
   */
  public record Place(String name, Path directory, String remedy) {}

  private DiskFullException(Place place, IOException cause) {
    super("no space left on the device holding " + place.name() + " " + place.directory() + ": " + place.remedy(), cause);
  }

  /** {@code failure} as a {@code DiskFullException} naming {@code place} if the filesystem is full, else unchanged. */
  public static IOException explain(IOException failure, Place place) {
    if (failure instanceof DiskFullException || !(saysNoSpace(failure) || nearlyFull(place.directory()))) {
      return failure;
    }
    return new DiskFullException(place, failure);
  }

  /** {@code out}, its failures {@linkplain #explain explained} as writes to {@code place}. */
  public static OutputStream reporting(OutputStream out, Place place) {
    return new Reporting(out, place);
  }

  private static final class Reporting extends FilterOutputStream {
    private final Place place;

    Reporting(OutputStream out, Place place) {
      super(out);
      this.place = place;
    }

    /** One write to the underlying stream. */
    private interface Write {
      void run() throws IOException;
    }

    @Override
    public void write(int b) throws IOException {
      explained(() -> out.write(b));
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      explained(() -> out.write(bytes, offset, length));
    }

    @Override
    public void flush() throws IOException {
      explained(out::flush);
    }

    @Override
    public void close() throws IOException {
      explained(out::close);
    }

    private void explained(Write write) throws IOException {
      try {
        write.run();
      } catch (IOException e) {
        throw explain(e, place);
      }
    }
  }

  private static boolean saysNoSpace(IOException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String words = t instanceof FileSystemException fs ? fs.getReason() : t.getMessage();
      if (words != null && (words.contains("No space left on device") || words.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean nearlyFull(Path directory) {
    try {
      return Files.getFileStore(directory).getUsableSpace() < NEARLY_FULL;
    } catch (IOException | RuntimeException unknown) {
      return false;
    }
  }
}
