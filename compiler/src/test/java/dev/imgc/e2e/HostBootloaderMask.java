package dev.imgc.e2e;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks, in an {@code imgc inspect} text listing, what comes from the host's bootloader packages, so a
 * golden listing is the same on every machine whatever their versions:
 *
 * <ul>
 *   <li>the size and sha256 of the files copied from them (isolinux.bin and ldlinux.c32 from isolinux and
 *       syslinux-common, ldlinux.sys written by the host's {@code syslinux --install}, systemd-boot's
 *       BOOTX64.EFI from systemd-boot-efi), of the ISO's {@code boot/efi.img}, a FAT image holding one, and
 *       of the {@code disk.raw} in gcp's archive, a disk holding syslinux's boot code and ldlinux;
 *   <li>in a UKI, the sections of systemd-stub (from systemd-boot-efi) and every section's address;
 *   <li>the figures of the containers that follow from those sizes: ISO blocks, El Torito lba, sectors
 *       and size, FAT clusters, partition sectors, the GPT's last usable sector, the PE's section count.
 * </ul>
 *
 * Everything imgc makes itself (paths, modes, the kernel, initrd, cmdline, configuration files, volume ids,
 * serials, GUIDs) stays in the listing.
 */
final class HostBootloaderMask {
  static final String MASK = "(host)";
  private static final Set<String> HOST_FILES = Set.of("isolinux/isolinux.bin", "isolinux/ldlinux.c32", "ldlinux.c32",
      "ldlinux.sys", "EFI/BOOT/BOOTX64.EFI", "boot/efi.img", "disk.raw");
  /** The UKI sections imgc writes; the others are systemd-stub's. */
  private static final Set<String> OWN_SECTIONS = Set.of(".osrel", ".cmdline", ".initrd", ".linux");
  private static final List<String> GEOMETRY_LINES = List.of("volume-id=", "entry=", "type=FAT", "partition=",
      "scheme=", "machine=");
  private static final Pattern GEOMETRY = Pattern.compile("(?<![\\w-])(blocks|lba|sectors|size|clusters|last-usable|sections)=\\d+");
  private static final Pattern ENTRY = Pattern.compile("(\\S+ \\S+ \\S+ \\S+) (\\S+) (\\S+)(.*)");
  private static final Pattern SECTION = Pattern.compile("section=(\\S+) address=\\S+ size=\\S+ sha256=\\S+(.*)");

  private HostBootloaderMask() {}

  static String apply(String listing) {
    return listing.lines().map(HostBootloaderMask::line).collect(Collectors.joining("\n", "", "\n"));
  }

  /** An entry's path without its location (a partition's, a nested artifact's): what is after the last {@code !/}. */
  private static String pathInPart(String located) {
    return located.substring(located.lastIndexOf("!/") + 1 + (located.contains("!/") ? 1 : 0));
  }

  private static String line(String line) {
    Matcher section = SECTION.matcher(line);
    if (section.matches()) {
      return OWN_SECTIONS.contains(section.group(1))
          ? line.replaceFirst("address=\\S+", "address=" + MASK)
          : "section=" + section.group(1) + " address=" + MASK + " size=" + MASK + " sha256=" + MASK + section.group(2);
    }
    if (GEOMETRY_LINES.stream().anyMatch(line::startsWith)) {
      return GEOMETRY.matcher(line).replaceAll(m -> m.group(1) + "=" + MASK);
    }
    Matcher entry = ENTRY.matcher(line);
    if (entry.matches() && HOST_FILES.contains(pathInPart(line.substring(0, line.indexOf(' '))))) {
      return entry.group(1) + " " + MASK + " " + MASK + entry.group(4);
    }
    return line;
  }
}
