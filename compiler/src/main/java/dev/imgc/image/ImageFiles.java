package dev.imgc.image;

import dev.imgc.fs.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies the regular files of a stored image into a directory, layers in order (a later layer's file
 * replaces an earlier one's): what a tool that reads plain files, such as the bootloader lookup of
 * {@code --boot-assets REF}, needs of an image. Paths come normalised from the layer reader, so
 * nothing lands outside {@code directory}.
 */
public final class ImageFiles {
  private ImageFiles() {}

  public static void copyRegularFiles(StoredImage image, Path directory) {
    image.readLayers(entry -> {
      if (entry instanceof Entry.RegularFile file) {
        Path target = directory.resolve(file.path()).normalize();
        if (!target.startsWith(directory)) {
          throw new IOException(file.path() + " escapes the directory it is copied to");
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = file.content().open()) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    });
  }
}
