package dev.imgc.emit;

import dev.imgc.boot.BootEntry;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import java.io.IOException;

/**
 * An EFI system partition that boots the appliance with systemd-boot: the loader at the removable
 * media path for the machine ({@code EFI/BOOT/BOOTX64.EFI}, {@code BOOTAA64.EFI}: what firmware starts with no boot entries of its own), its
 * {@code loader/loader.conf} choosing the one entry at once, the entry, the kernel and the initrd.
 * iso-efi puts it in the El Torito EFI image, raw-efi in the GPT's ESP.
 */
final class SystemdBootEsp {
  private SystemdBootEsp() {}

  /** The ESP's FAT filesystem, sized to its contents, laid out with {@code options}. */
  static FatImage layout(Emission emission, FatOptions options) throws IOException {
    return layout(emission, options, emission.bootEntry(), emission.initrdBytes());
  }

  /** The ESP booting {@code entry}, whose initrd is {@code initrd}. */
  static FatImage layout(Emission emission, FatOptions options, BootEntry entry, FileBytes initrd) throws IOException {
    BootTree tree = new BootTree(emission.time())
        .file(emission.architecture().removableMediaLoader(), emission.asset(emission.architecture().systemdBoot()))
        .text("loader/loader.conf", entry.systemdBootLoaderConfig())
        .text("loader/entries/" + entry.entryFileName(), entry.systemdBootEntry())
        .file(Emission.KERNEL_PATH, emission.kernel())
        .file(Emission.INITRD_PATH, initrd);
    return FatImage.layout(tree.entries(), options);
  }
}
