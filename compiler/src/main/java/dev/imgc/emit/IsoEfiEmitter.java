package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.iso.IsoImage;
import dev.imgc.fs.iso.IsoOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code iso-efi}: {@code NAME-efi.iso}, whose El Torito EFI entry points at a FAT image holding
 * systemd-boot, its configuration, the kernel and the initrd ({@link SystemdBootEsp}). The image is
 * hybrid without MBR boot code: its MBR lists the FAT image as an EFI partition, so the same file,
 * written to a disk, boots under EFI firmware too.
 */
final class IsoEfiEmitter implements FormatEmitter {
  static final String EFI_IMAGE_PATH = "boot/efi.img";

  @Override
  public List<Path> hostFiles(BootAssets assets, Architecture architecture) {
    return List.of(assets.locate(architecture.systemdBoot()));
  }

  @Override
  public void emit(Emission emission) throws IOException {
    Path esp = emission.staging().scratch(emission.appliance().name() + "-efi.iso-esp.img");
    Emission.writeImage(SystemdBootEsp.layout(emission, emission.fatOptions("iso-efi")), esp);
    writeEfiIso(emission, new BootTree(emission.time()), esp, Format.ISO_EFI);
  }

  /** Writes {@code format}'s ISO: {@code tree} plus the FAT image {@code esp} as its El Torito EFI image. */
  static void writeEfiIso(Emission emission, BootTree tree, Path esp, Format format) throws IOException {
    tree.file(EFI_IMAGE_PATH, FileBytes.of(esp));
    IsoOptions options = IsoOptions.plain(emission.identity().isoVolumeId(), emission.time())
        .withEfiBoot(EFI_IMAGE_PATH)
        .withHybrid(new byte[0], emission.identity().number(format.userName() + " disk signature"));
    IsoImage iso = IsoImage.layout(tree.entries(), options);
    Emission.writeImage(iso, emission.output(format));
  }
}
