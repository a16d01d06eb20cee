package dev.imgc.emit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * A format whose root filesystem is an image the machine has as a disk ({@link Boot.Medium#KERNEL_ROOT_DISK}):
 * {@code NAME-kernel}, {@code NAME-boot-initrd.img} (the {@link BootStageInitrd}, which mounts the
 * root), {@code NAME-cmdline} (shared with {@code kernel+initrd}), and the root image, which {@code
 * image} writes.
 */
final class KernelRootDiskEmitter implements FormatEmitter {
  /** Stages the root filesystem image of an emission as {@code fileName}. */
  @FunctionalInterface
  interface RootImage {
    void stage(Emission emission, String fileName) throws IOException;
  }

  private final Format format;
  private final String rootArguments;
  private final RootImage image;

  KernelRootDiskEmitter(Format format, RootImage image) {
    this(format, "", image);
  }

  /**
   * A format whose command line also says where the root is ({@code root=/dev/vda1} for a root in a
   * partition), so it has a command line of its own rather than the shared {@code NAME-cmdline}.
   */
  KernelRootDiskEmitter(Format format, String rootArguments, RootImage image) {
    this.format = format;
    this.rootArguments = rootArguments;
    this.image = image;
  }

  /** {@code kernel+squashfs}: the root as a squashfs image, its blocks compressed as {@code --compress} asks. */
  static KernelRootDiskEmitter squashfs() {
    return new KernelRootDiskEmitter(Format.KERNEL_SQUASHFS, rootImageAsItIs(RootFs.SQUASHFS));
  }

  /** {@code kernel+erofs}: the root as an uncompressed erofs image. */
  static KernelRootDiskEmitter erofs() {
    return new KernelRootDiskEmitter(Format.KERNEL_EROFS, rootImageAsItIs(RootFs.EROFS));
  }

  /** The emission's root filesystem image of {@code type}, staged as the format's file as it is. */
  private static RootImage rootImageAsItIs(RootFs type) {
    return (emission, fileName) -> emission.staging().stage(fileName, emission.rootImage(type));
  }

  @Override
  public void emit(Emission emission) throws IOException {
    List<String> names = format.fileNames(emission.appliance().name());
    emission.stageKernel(names.get(0));
    emission.staging().stage(names.get(1), emission.bootInitrd());
    if (rootArguments.isEmpty()) {
      emission.stageCmdline(names.get(2));
    } else {
      Files.writeString(emission.staging().output(names.get(2)), emission.appliance().cmdline() + " " + rootArguments,
          StandardCharsets.UTF_8);
    }
    image.stage(emission, names.get(3));
  }
}
