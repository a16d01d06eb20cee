package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import java.io.IOException;

/** Writes one output format into the build's staging area. */
interface FormatEmitter {
  /**
   * Fails, with one sentence saying what to install, when the host lacks a bootloader file or program
   * this format needs; called for every asked format before any of them writes a byte.
   */
  default void check(BootAssets assets) throws IOException {}

  void emit(Build build) throws IOException;
}
