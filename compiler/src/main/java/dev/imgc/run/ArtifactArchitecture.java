package dev.imgc.run;

import dev.imgc.emit.Architecture;
import dev.imgc.emit.Boot;
import dev.imgc.fs.kernel.KernelImage;
import dev.imgc.fs.pe.PeMachine;
import dev.imgc.inspect.InspectException;
import dev.imgc.inspect.Inspector;
import dev.imgc.inspect.ListedEntry;
import dev.imgc.inspect.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The machine an artifact is for, read from the artifact itself, so that {@code imgc run} needs no
 * option to say it: a kernel's header, a UKI's PE machine type, or the loader a boot medium holds at
 * UEFI's removable media path ({@code EFI/BOOT/BOOTAA64.EFI}). What tells nothing is taken as x86-64,
 * the only machine imgc built for before arm64.
 */
final class ArtifactArchitecture {
  private ArtifactArchitecture() {}

  /** The machine {@code first}, the first file of an artifact booted from {@code medium}, is for. */
  static Architecture of(Boot.Medium medium, Path first) throws IOException {
    return switch (medium) {
      case KERNEL_INITRD, KERNEL_ROOT_DISK -> KernelImage.identify(() -> Files.newInputStream(first)).architecture()
          .flatMap(Architecture::named).orElse(Architecture.AMD64);
      case EFI_APPLICATION -> PeMachine.of(head(first)).equals(OptionalInt.of(PeMachine.ARM64))
          ? Architecture.ARM64 : Architecture.AMD64;
      case CDROM, DISK -> removableMediaLoader(first).orElse(Architecture.AMD64);
    };
  }

  /** The machine whose loader the medium holds at UEFI's removable media path, in any of its filesystems. */
  private static Optional<Architecture> removableMediaLoader(Path medium) throws IOException {
    try {
      for (Part part : Inspector.inspect(medium).parts()) {
        for (ListedEntry entry : part.entries()) {
          Optional<Architecture> loader = Arrays.stream(Architecture.values())
              .filter(a -> entry.path().toUpperCase(Locale.ROOT).equals(a.removableMediaLoader())).findFirst();
          if (loader.isPresent()) {
            return loader;
          }
        }
      }
      return Optional.empty();
    } catch (InspectException e) {
      return Optional.empty(); // not a medium imgc reads: the firmware will say what it makes of it
    }
  }

  /** The first 4 KiB of {@code file}, where a PE image's headers are. */
  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(4096);
    }
  }
}
