package dev.imgc.emit;

import dev.imgc.boot.BootAsset;
import dev.imgc.boot.BootAssets;
import dev.imgc.fs.iso.IsoImage;
import dev.imgc.fs.iso.IsoOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code iso-bios}: {@code NAME.iso}, booted by isolinux from its El Torito BIOS entry, with
 * {@code isolinux/isolinux.cfg} starting the kernel and initrd at the ISO's root. Hybrid: the first
 * sector holds isohdpfx's MBR code, which loads isolinux when the file is written to a disk.
 *
 * <p>LinuxKit's iso-bios boots without an initrd, using the ISO as the root filesystem; that needs
 * iso9660 and the CD driver built into the kernel, which distribution kernels build as modules. Here
 * the root filesystem is the initrd, so any kernel boots it.
 */
final class IsoBiosEmitter implements FormatEmitter {
  private static final String ISOLINUX_BIN = "isolinux/isolinux.bin";

  @Override
  public List<Path> hostFiles(BootAssets assets, Architecture architecture) {
    return List.of(assets.locate(BootAsset.ISOLINUX_BIN), assets.locate(BootAsset.LDLINUX_C32),
        assets.locate(BootAsset.ISOHYBRID_MBR));
  }

  @Override
  public void emit(Emission emission) throws IOException {
    BootTree tree = new BootTree(emission.time())
        .file(ISOLINUX_BIN, emission.asset(BootAsset.ISOLINUX_BIN))
        .file("isolinux/ldlinux.c32", emission.asset(BootAsset.LDLINUX_C32))
        .text("isolinux/isolinux.cfg", emission.bootEntry().syslinuxConfig())
        .file(Emission.KERNEL_PATH, emission.kernel())
        .file(Emission.INITRD_PATH, emission.initrdBytes());
    IsoOptions options = IsoOptions.plain(emission.identity().isoVolumeId(), emission.time())
        .withBiosBoot(ISOLINUX_BIN)
        .withHybrid(Files.readAllBytes(emission.asset(BootAsset.ISOHYBRID_MBR)),
            emission.identity().number("iso-bios disk signature"));
    IsoImage iso = IsoImage.layout(tree.entries(), options);
    Emission.writeImage(iso, emission.output(Format.ISO_BIOS));
  }
}
