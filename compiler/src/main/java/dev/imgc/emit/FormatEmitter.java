package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes one output format into the build's staging area. */
interface FormatEmitter {
  /**
   * The host's files this format is made with besides the appliance (bootloader files, programs), which
   * its outputs depend on as they depend on the appliance. Fails, with one sentence saying what to
   * install, when one is missing; called for every asked format before any of them writes a byte.
   *
   * @param architecture the machine the appliance is for, whose bootloader files are wanted
   */
  default List<Path> hostFiles(BootAssets assets, Architecture architecture) throws IOException {
    return List.of();
  }

  void emit(Emission emission) throws IOException;

  /** Whether the format holds a boot disk ({@link BootDisk}), whose root {@code --root-fs} places. */
  default boolean holdsBootDisk() {
    return false;
  }
}
