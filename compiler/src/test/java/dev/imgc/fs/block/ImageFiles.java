package dev.imgc.fs.block;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes an image to a file for the tests that read it with other tools: into a temporary file beside
 * it, renamed when complete. (imgc itself writes images into its staging files, see emit.Staging.)
 */
public final class ImageFiles {
  private ImageFiles() {}

  public static void write(Path target, ImageWriter image) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
    try {
      try (ImageSink sink = new ImageSink(FileChannel.open(temp, StandardOpenOption.WRITE))) {
        long start = sink.position();
        image.writeTo(sink);
        sink.finish(start + image.size());
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
