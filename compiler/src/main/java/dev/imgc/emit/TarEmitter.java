package dev.imgc.emit;

import dev.imgc.fs.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;

/** {@code tar}: the root filesystem as a pax tar, {@code NAME.tar}. */
final class TarEmitter implements FormatEmitter {
  @Override
  public void emit(Build build) throws IOException {
    String name = Format.TAR.fileNames(build.appliance().name()).get(0);
    try (OutputStream out = Files.newOutputStream(build.staging().output(name))) {
      TarWriter.write(build.appliance().rootfs(), out);
    }
  }
}
