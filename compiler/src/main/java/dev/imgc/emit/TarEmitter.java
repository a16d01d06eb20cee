package dev.imgc.emit;

import dev.imgc.fs.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;

/** {@code tar}: the root filesystem as a pax tar, {@code NAME.tar}. */
final class TarEmitter implements FormatEmitter {
  @Override
  public void emit(Emission emission) throws IOException {
    try (OutputStream out = Files.newOutputStream(emission.output(Format.TAR))) {
      TarWriter.write(emission.appliance().rootfs(), out);
    }
  }
}
