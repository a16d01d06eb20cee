package dev.imgc.inspect;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Files whose content is wanted while an artifact is listed ({@code imgc inspect --cat}, the
 * content of {@code imgc diff --content}), by location: {@code etc/motd},
 * {@code boot/initrd.img!/etc/motd}, {@code partition-1!/EFI/BOOT/BOOTX64.EFI}.
 */
public interface Captures {
  /** Nothing is wanted. */
  Captures NONE = into(Map.of());

  /** Where the content of the file at {@code location} is copied as it is read, or null if it is not wanted. */
  OutputStream open(String location) throws IOException;

  /** Whether a wanted file lies inside the file at {@code location}, so that it is read as an artifact. */
  boolean wantsInside(String location);

  /** The content of each location copied into its stream (left open). */
  static Captures into(Map<String, ? extends OutputStream> sinks) {
    Map<String, ? extends OutputStream> wanted = Map.copyOf(sinks);
    return new Captures() {
      @Override
      public OutputStream open(String location) {
        return wanted.get(location);
      }

      @Override
      public boolean wantsInside(String location) {
        return wanted.keySet().stream().anyMatch(key -> key.startsWith(location + Part.INSIDE));
      }
    };
  }
}
