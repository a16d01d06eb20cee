package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code uki}: kernel, initrd and command line in one EFI executable, {@code NAME.efi}. */
final class UkiEmitter implements FormatEmitter {
  @Override
  public List<Path> hostFiles(BootAssets assets, Architecture architecture) {
    return List.of(assets.locate(architecture.systemdStub()));
  }

  @Override
  public void emit(Emission emission) throws IOException {
    emission.staging().promote(emission.uki(), Format.UKI.fileNames(emission.appliance().name()).get(0));
  }
}
