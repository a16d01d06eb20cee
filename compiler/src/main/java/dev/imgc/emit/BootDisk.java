package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A raw disk that boots the appliance, laid out once per emit and held by every format that is a
 * disk: {@code raw-bios} and {@code raw-efi} are the raw disks themselves, and qcow2, VHD, VMDK, GCE's
 * and AWS's images contain one ({@link Emission#disk}), so they all boot the same way.
 */
sealed interface BootDisk permits BiosDisk, EfiDisk {
  BootDisk BIOS = new BiosDisk();
  BootDisk EFI = new EfiDisk();

  /** The host's files the disk is made with; fails, saying what to install, when one is missing. */
  List<Path> hostFiles(BootAssets assets, Architecture architecture) throws IOException;

  /** Writes the disk into the new, empty file {@code target}, as large as the emit's disk size asks. */
  void write(Emission emission, Path target) throws IOException;

  /** What the disk is called in its temporary file's name. */
  String name();
}
