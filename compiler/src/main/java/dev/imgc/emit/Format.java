package dev.imgc.emit;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The output formats, with LinuxKit's names and LinuxKit's file names. */
public enum Format {
  KERNEL_INITRD("kernel+initrd", "-kernel", "-initrd.img", "-cmdline"),
  ISO_BIOS("iso-bios", ".iso"),
  ISO_EFI("iso-efi", "-efi.iso"),
  ISO_EFI_INITRD("iso-efi-initrd", "-efi-initrd.iso"),
  RAW_BIOS("raw-bios", "-bios.img"),
  RAW_EFI("raw-efi", "-efi.img"),
  TAR("tar", ".tar"),
  OCI("oci", "-oci.tar"),
  UKI("uki", ".efi");

  private final String userName;
  private final List<String> suffixes;

  Format(String userName, String... suffixes) {
    this.userName = userName;
    this.suffixes = List.of(suffixes);
  }

  /** The name a user writes after {@code --format}. */
  public String userName() {
    return userName;
  }

  /** The files this format writes for an appliance called {@code name}, in a fixed order. */
  public List<String> fileNames(String name) {
    return suffixes.stream().map(suffix -> name + suffix).toList();
  }

  /** The format named {@code name}, or an exception whose message lists the names there are. */
  public static Format named(String name) {
    for (Format format : values()) {
      if (format.userName.equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "': use one of "
        + Arrays.stream(values()).map(Format::userName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return userName;
  }
}
