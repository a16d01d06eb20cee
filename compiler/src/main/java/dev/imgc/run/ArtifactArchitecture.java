package dev.imgc.run;

import dev.imgc.emit.Architecture;
import dev.imgc.emit.Boot;
import dev.imgc.fs.kernel.KernelImage;
import dev.imgc.inspect.InspectException;
import dev.imgc.inspect.Inspector;
import dev.imgc.inspect.ListedEntry;
import dev.imgc.inspect.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine an artifact is for, read from the artifact itself, so that {@code imgc run} needs no
 * option to say it: a kernel's header, a UKI's PE machine type, or the loader a boot medium holds at
 * UEFI's removable media path ({@code EFI/BOOT/BOOTAA64.EFI}). What tells nothing is taken as x86-64,
 * the only machine imgc built for before arm64.
 */
final class ArtifactArchitecture {
  /** arm64's machine type in a PE header (the PE format's "Machine Types"). */
  private static final int PE_ARM64 = 0xaa64;

  private ArtifactArchitecture() {}

  /** The machine {@code first}, the first file of an artifact booted from {@code medium}, is for. */
  static Architecture of(Boot.Medium medium, Path first) throws IOException {
    return switch (medium) {
      case KERNEL_INITRD, KERNEL_ROOT_DISK -> KernelImage.identify(() -> Files.newInputStream(first)).architecture()
          .flatMap(Architecture::named).orElse(Architecture.AMD64);
      case EFI_APPLICATION -> peMachine(first) == PE_ARM64 ? Architecture.ARM64 : Architecture.AMD64;
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

  /** The machine type of a PE image (at the offset 0x3c gives), or 0 when {@code file} is none. */
  private static int peMachine(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4096);
      if (head.length < 0x40 || head[0] != 'M' || head[1] != 'Z') {
        return 0;
      }
      ByteBuffer fields = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
      int pe = fields.getInt(0x3c);
      return pe >= 0x40 && pe + 6 <= head.length && fields.getInt(pe) == 0x4550 ? fields.getShort(pe + 4) & 0xffff : 0;
    }
  }
}
