package dev.imgc.emit;

import dev.imgc.boot.BootAsset;
import dev.imgc.boot.BootEntry;
import dev.imgc.fs.Content;
import dev.imgc.fs.SizedContent;
import dev.imgc.fs.block.ImageSink;
import dev.imgc.fs.block.ImageWriter;
import dev.imgc.fs.cpio.InitrdWriter;
import dev.imgc.fs.pe.UkiSection;
import dev.imgc.fs.pe.UkiWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One emit in progress: the appliance, the options, the ids derived from its digest, the staging
 * area, and the work shared between formats, done at most once (the initrd).
 */
final class Build {
  /** Where the kernel and initrd lie on every boot filesystem, as LinuxKit's images have them. */
  static final String KERNEL_PATH = "kernel";
  static final String INITRD_PATH = "initrd.img";

  private final Appliance appliance;
  private final EmitOptions options;
  private final Identity identity;
  private final Staging staging;
  private Path initrd;
  private Path uki;

  Build(Appliance appliance, EmitOptions options, Staging staging) {
    this.appliance = appliance;
    this.options = options;
    this.identity = new Identity(appliance.digest());
    this.staging = staging;
  }

  Appliance appliance() {
    return appliance;
  }

  Identity identity() {
    return identity;
  }

  Staging staging() {
    return staging;
  }

  long time() {
    return appliance.sourceDateEpoch();
  }

  Path asset(BootAsset asset) {
    return options.bootAssets().locate(asset);
  }

  /** The boot menu's one entry: the kernel and initrd at the root of the boot filesystem. */
  BootEntry bootEntry() {
    return new BootEntry(appliance.name(), "/" + KERNEL_PATH, "/" + INITRD_PATH, appliance.cmdline());
  }

  /**
   * The initrd, written on first use to a temporary file and reused by every format that embeds it:
   * the microcode cpio (if any) uncompressed, then the root filesystem compressed as asked.
   */
  Path initrd() throws IOException {
    if (initrd == null) {
      Path file = staging.scratch(appliance.name() + "-initrd.img");
      List<Content> prefix = appliance.ucode().map(FileBytes::content).stream().toList();
      InitrdWriter.write(prefix, appliance.rootfs(), options.compression(), Files.newOutputStream(file));
      initrd = file;
    }
    return initrd;
  }

  FileBytes initrdBytes() throws IOException {
    return FileBytes.of(initrd());
  }

  /**
   * The unified kernel image, written on first use and reused: systemd-stub with the os-release
   * (naming the appliance in a boot menu), the command line, the initrd and the kernel.
   */
  Path uki() throws IOException {
    if (uki == null) {
      Path file = staging.scratch(appliance.name() + ".efi");
      Path initrdFile = initrd();
      UkiWriter.write(asset(BootAsset.SYSTEMD_STUB_X64), List.of(
          UkiSection.text(".osrel", "ID=imgc\nNAME=\"" + appliance.name() + "\"\n"),
          UkiSection.text(".cmdline", appliance.cmdline()),
          new UkiSection(".initrd", Files.size(initrdFile), () -> Files.newInputStream(initrdFile)),
          new UkiSection(".linux", appliance.kernel().size(), appliance.kernel().content())), file);
      uki = file;
    }
    return uki;
  }

  /** Copies {@code bytes}, which {@code what} names in errors, to the new file {@code target}. */
  static void copy(String what, FileBytes bytes, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target)) {
      SizedContent.copy(what, bytes.size(), bytes.content(), out);
    }
  }

  /** Writes {@code image} into the new, empty file {@code target}. */
  static void writeImage(ImageWriter image, Path target) throws IOException {
    try (ImageSink sink = new ImageSink(FileChannel.open(target, StandardOpenOption.WRITE))) {
      image.writeTo(sink);
      sink.finish(image.size());
    }
  }
}
