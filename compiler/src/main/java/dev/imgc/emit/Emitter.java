package dev.imgc.emit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes an appliance in the asked formats. The work formats share is done once (the initrd, the
 * UKI); every file is staged in the output directory and renamed into place only when all formats
 * are written, so a failure leaves the directory as it was. Bootloader files are looked up before
 * anything is written.
 */
public final class Emitter {
  private Emitter() {}

  /** Emits {@code formats} into {@code outDir} (created if missing); returns the files written, in format order. */
  public static List<Path> emit(Appliance appliance, Set<Format> formats, Path outDir, EmitOptions options)
      throws IOException {
    if (formats.isEmpty()) {
      throw new IllegalArgumentException("no output format asked for; use one or more of "
          + Arrays.stream(Format.values()).map(Format::userName).collect(Collectors.joining(", ")));
    }
    List<FormatEmitter> emitters = formats.stream().sorted().map(Emitter::emitterOf).toList();
    for (FormatEmitter emitter : emitters) {
      emitter.check(options.bootAssets());
    }
    Files.createDirectories(outDir);
    try (Staging staging = new Staging(outDir)) {
      Build build = new Build(appliance, options, staging);
      for (FormatEmitter emitter : emitters) {
        emitter.emit(build);
      }
      return staging.commit();
    }
  }

  private static FormatEmitter emitterOf(Format format) {
    return switch (format) {
      case KERNEL_INITRD -> new KernelInitrdEmitter();
      case ISO_BIOS -> new IsoBiosEmitter();
      case ISO_EFI -> new IsoEfiEmitter();
      case ISO_EFI_INITRD -> new IsoEfiInitrdEmitter();
      case RAW_BIOS -> new RawBiosEmitter();
      case RAW_EFI -> new RawEfiEmitter();
      case TAR -> new TarEmitter();
      case OCI -> new OciEmitter();
      case UKI -> new UkiEmitter();
    };
  }
}
