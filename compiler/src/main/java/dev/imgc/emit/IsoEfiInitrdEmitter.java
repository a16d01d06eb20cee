package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.fat.FatImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code iso-efi-initrd}: {@code NAME-efi-initrd.iso}. As in LinuxKit's, the ISO 9660 tree holds
 * {@code kernel}, {@code initrd.img} and {@code cmdline} at its root, for any loader or person reading
 * the ISO. LinuxKit's GRUB reads them from ISO 9660; systemd-boot and UEFI firmware read only FAT, so
 * here the El Torito EFI image holds, as {@code EFI/BOOT/BOOTX64.EFI} (or the machine's name for it), the unified kernel image of the
 * same kernel, initrd and command line (shared with the {@code uki} format).
 */
final class IsoEfiInitrdEmitter implements FormatEmitter {
  @Override
  public List<Path> hostFiles(BootAssets assets, Architecture architecture) {
    return List.of(assets.locate(architecture.systemdStub()));
  }

  @Override
  public void emit(Emission emission) throws IOException {
    BootTree espTree = new BootTree(emission.time())
        .file(emission.architecture().removableMediaLoader(), FileBytes.of(emission.uki()));
    Path esp = emission.staging().scratch(emission.appliance().name() + "-efi-initrd.iso-esp.img");
    Emission.writeImage(FatImage.layout(espTree.entries(), emission.fatOptions("iso-efi-initrd")), esp);
    BootTree isoTree = new BootTree(emission.time())
        .file(Emission.KERNEL_PATH, emission.kernel())
        .file(Emission.INITRD_PATH, emission.initrdBytes())
        .text("cmdline", emission.appliance().cmdline());
    IsoEfiEmitter.writeEfiIso(emission, isoTree, esp, Format.ISO_EFI_INITRD);
  }
}
