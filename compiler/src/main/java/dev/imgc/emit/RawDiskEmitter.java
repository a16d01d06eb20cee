package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A format whose file is the raw boot disk itself: {@code raw-bios} ({@code NAME-bios.img}),
 * {@code raw-efi} ({@code NAME-efi.img}) and {@code aws} ({@code NAME.raw}, the BIOS disk, which AWS's
 * VM import takes as it is).
 */
record RawDiskEmitter(Format format, BootDisk disk) implements FormatEmitter {
  @Override
  public List<Path> hostFiles(BootAssets assets, Architecture architecture) throws IOException {
    return disk.hostFiles(assets, architecture);
  }

  @Override
  public void emit(Emission emission) throws IOException {
    emission.staging().stage(format.fileNames(emission.appliance().name()).get(0), emission.disk(disk));
  }

  @Override
  public boolean holdsBootDisk() {
    return true;
  }
}
