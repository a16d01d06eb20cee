package dev.imgc.emit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The architecture a kernel image is for, read from the header each boot protocol defines: an x86
 * bzImage has {@code HdrS} at byte 0x202 (Linux's x86 boot protocol), an arm64 {@code Image} has
 * {@code ARM\x64} at byte 0x38 (Linux's arm64 booting document). Named as OCI platforms name them.
 */
final class KernelArchitecture {
  private static final int HEADER = 0x210;

  private KernelArchitecture() {}

  /** {@code amd64} or {@code arm64}, or empty for a kernel in neither format. */
  static Optional<String> of(FileBytes kernel) throws IOException {
    byte[] header;
    try (InputStream in = kernel.content().open()) {
      header = in.readNBytes(HEADER);
    }
    if (header.length >= 0x206 && "HdrS".equals(new String(header, 0x202, 4, StandardCharsets.ISO_8859_1))) {
      return Optional.of("amd64");
    }
    if (header.length >= 0x3c && Arrays.equals(Arrays.copyOfRange(header, 0x38, 0x3c), new byte[] {'A', 'R', 'M', 0x64})) {
      return Optional.of("arm64");
    }
    return Optional.empty();
  }
}
