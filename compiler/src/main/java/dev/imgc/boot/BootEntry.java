package dev.imgc.boot;

/**
 * What a bootloader starts: a kernel and an initrd at paths on the boot filesystem, with a command
 * line; rendered into each bootloader's configuration format.
 *
 * @param name the appliance's name, shown as the menu title
 * @param kernel absolute path of the kernel on the boot filesystem, e.g. {@code /kernel}
 * @param initrd absolute path of the initrd on the boot filesystem, e.g. {@code /initrd.img}
 */
public record BootEntry(String name, String kernel, String initrd, String cmdline) {

  /** {@code isolinux.cfg} / {@code syslinux.cfg}: boots at once, console on the first serial port too. */
  public String syslinuxConfig() {
    return Templates.render("syslinux.cfg", this);
  }

  /** systemd-boot's {@code loader/loader.conf}, selecting {@link #entryFileName()} without a menu. */
  public String systemdBootLoaderConfig() {
    return Templates.render("loader.conf", new LoaderScope(entryStem()));
  }

  /** systemd-boot's {@code loader/entries/NAME.conf}. */
  public String systemdBootEntry() {
    return Templates.render("loader-entry.conf", this);
  }

  /** The entry's file name under {@code loader/entries/}. */
  public String entryFileName() {
    return entryStem() + ".conf";
  }

  private String entryStem() {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private record LoaderScope(String entry) {}
}
