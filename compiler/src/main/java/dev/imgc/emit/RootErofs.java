package dev.imgc.emit;

import dev.imgc.fs.erofs.ErofsWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The root filesystem of an emission as erofs, the same bytes for {@code kernel+erofs}'s image and
 * {@code rootfs-erofs}'s partition: uncompressed, labelled {@code imgc-root}, its time the emission's
 * and its UUID derived from the plan's digest.
 */
final class RootErofs {
  private RootErofs() {}

  /** Writes the root into the new, empty {@code file}. */
  static void write(Emission emission, Path file) throws IOException {
    ErofsWriter.Options options = new ErofsWriter.Options(emission.time(),
        emission.identity().guid("erofs root filesystem"), "imgc-root");
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ErofsWriter.write(emission.appliance().rootfs(), options, out);
    }
  }
}
