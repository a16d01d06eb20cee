package dev.imgc.emit;

import dev.imgc.fs.RepairedContentException;
import dev.imgc.fs.kernel.KernelImage;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.Platform;
import dev.imgc.io.DiskFullException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes an appliance in the asked formats. The work formats share is done once (the initrd, the
 * UKI); every file is staged in the output directory and renamed into place only when all formats
 * are written, so a failure leaves the directory as it was. Bootloader files are looked up before
 * anything is written, for the appliance's architecture, whose kernel it must be and whose firmware
 * the formats must boot with. With a {@link BuildCache}, a format whose inputs an earlier build had is
 * linked from it, not written. Content found damaged while it streams, and repaired at its source,
 * has the emit done again.
 */
public final class Emitter {
  private Emitter() {}

  /** Emits {@code formats} into {@code outDir} (created if missing); returns the files written, in format order. */
  public static List<Path> emit(Appliance appliance, Set<Format> formats, Path outDir, EmitOptions options)
      throws IOException {
    if (formats.isEmpty()) {
      throw new IllegalArgumentException("no output format asked for; use one or more of " + Format.names());
    }
    if (appliance.kernel().isEmpty()) {
      List<String> booted = formats.stream().filter(Format::needsKernel).map(Format::userName).toList();
      if (!booted.isEmpty()) {
        throw new MissingKernelException(String.join(", ", booted) + (booted.size() == 1 ? " boots" : " boot")
            + " a kernel and the spec names none: add kernel.image, or ask only for the root filesystem's formats ("
            + Format.rootOnly() + ")");
      }
    }
    Architecture architecture = Architecture.of(options.platform());
    KernelImage kernel = appliance.kernel().isEmpty() ? KernelImage.UNKNOWN : KernelImage.identify(appliance.bootKernel().content());
    kernel.architecture().filter(a -> !a.equals(architecture.ociName())).ifPresent(a -> {
      throw new UnsupportedPlatformException("the kernel is " + kernel.description() + ", but the appliance is built for "
          + architecture.ociName() + "; compile with --platform linux/" + a + ", or name a kernel for " + architecture.ociName());
    });
    Format.checkTogether(formats);
    Map<Format, FormatEmitter> emitters = new EnumMap<>(Format.class);
    Map<Format, List<Path>> hostFiles = new EnumMap<>(Format.class);
    for (Format format : formats) {
      if (!architecture.hasBios() && format.needsBios()) {
        throw new UnsupportedPlatformException(format.userName() + " boots with a BIOS, which " + architecture.ociName()
            + " machines do not have; write kernel+initrd, iso-efi, raw-efi or uki instead");
      }
      FormatEmitter emitter = format.emitter();
      emitters.put(format, emitter);
      hostFiles.put(format, emitter.hostFiles(options.bootAssets(), architecture));
    }
    Files.createDirectories(outDir);
    try {
      return emitStaged(appliance, kernel, emitters, hostFiles, outDir, options);
    } catch (IOException | RuntimeException failure) {
      // Content found damaged while it streamed has been repaired at its source; what was staged is
      // gone with its staging and nothing was kept in the build cache, so the emit starts over, once.
      if (RepairedContentException.in(failure).isEmpty()) {
        throw failure;
      }
      return emitStaged(appliance, kernel, emitters, hostFiles, outDir, options);
    }
  }

  private static List<Path> emitStaged(Appliance appliance, KernelImage kernel, Map<Format, FormatEmitter> emitters,
      Map<Format, List<Path>> hostFiles, Path outDir, EmitOptions options) throws IOException {
    try (Staging staging = new Staging(outDir)) {
      Emission emission = new Emission(appliance, kernel, options, staging);
      for (Map.Entry<Format, FormatEmitter> format : emitters.entrySet()) {
        emission.made(format.getKey().fileNames(appliance.name()),
            () -> formatInputs(emission, format.getKey(), hostFiles.get(format.getKey())), () -> format.getValue().emit(emission));
      }
      return staging.commit();
    } catch (IOException e) {
      throw DiskFullException.explain(e, new DiskFullException.Place("the output directory", outDir,
          "free some space there, or write elsewhere with -o DIR"));
    }
  }

  /** Everything the files of {@code format} are made of: the whole plan, the options, the host's files' bytes. */
  private static List<String> formatInputs(Emission emission, Format format, List<Path> hostFiles) throws IOException {
    Appliance appliance = emission.appliance();
    List<String> inputs = new ArrayList<>(List.of("format " + format.userName(), "name " + appliance.name(),
        "plan " + appliance.digests().plan(), "time " + appliance.sourceDateEpoch(),
        "compression " + emission.compression(), "platform " + emission.platform().architecture() + " "
        + emission.platform().os(), emission.diskOptions().inputLine()));
    for (Path file : hostFiles) {
      inputs.add("host file " + file.getFileName() + " " + Digest.ofFile(file).hex());
    }
    return inputs;
  }
}
