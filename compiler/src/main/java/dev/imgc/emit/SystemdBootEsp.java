package dev.imgc.emit;

import dev.imgc.boot.BootAsset;
import dev.imgc.boot.BootEntry;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatOptions;
import java.io.IOException;

/**
 * An EFI system partition that boots the appliance with systemd-boot: the loader at the removable
 * media path {@code EFI/BOOT/BOOTX64.EFI} (what firmware starts with no boot entries of its own), its
 * {@code loader/loader.conf} choosing the one entry at once, the entry, the kernel and the initrd.
 * iso-efi puts it in the El Torito EFI image, raw-efi in the GPT's ESP.
 */
final class SystemdBootEsp {
  private SystemdBootEsp() {}

  /** The ESP's FAT filesystem, sized to its contents; {@code hiddenSectors} is its partition's first LBA. */
  static FatImage layout(Build build, String purpose, long hiddenSectors) throws IOException {
    BootEntry entry = build.bootEntry();
    BootTree tree = new BootTree(build.time())
        .file("EFI/BOOT/BOOTX64.EFI", build.asset(BootAsset.SYSTEMD_BOOT_X64))
        .text("loader/loader.conf", entry.systemdBootLoaderConfig())
        .text("loader/entries/" + entry.entryFileName(), entry.systemdBootEntry())
        .file(Build.KERNEL_PATH, build.appliance().kernel())
        .file(Build.INITRD_PATH, build.initrdBytes());
    return FatImage.layout(tree.entries(), fatOptions(build, purpose).withHiddenSectors(hiddenSectors));
  }

  /** A FAT's label and time, and a serial derived for {@code purpose}. */
  static FatOptions fatOptions(Build build, String purpose) {
    return FatOptions.of("IMGC", build.identity().number(purpose + " fat serial"), build.time());
  }
}
