package dev.imgc.fs.kernel;

import com.github.luben.zstd.ZstdInputStream;
import dev.imgc.fs.Content;
import dev.imgc.fs.pe.PeMachine;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * What a Linux kernel file is, from its first bytes, and how to get the image a loader or firmware
 * boots from it. Read from the kernel's boot protocols, not from any loader:
 *
 * <ul>
 *   <li>x86's bzImage: {@code HdrS} at 0x202 (Documentation/arch/x86/boot.rst);
 *   <li>arm64's {@code Image}: the magic {@code ARM\x64} at 0x38 (Documentation/arch/arm64/booting.rst);
 *       with the EFI stub it is also a PE image, which UEFI and systemd-boot start;
 *   <li>{@code Image.gz}: that image gzip'd, as some distributions ship {@code vmlinuz};
 *   <li>an EFI zboot image: a PE whose DOS header holds {@code zimg} at 4, then the offset and size of
 *       the compressed {@code Image} at 8 and 12 and the compression's name at 24.
 * </ul>
 *
 * Only the plain forms boot everywhere (QEMU 7's {@code -kernel} reads no zboot, firmware no gzip),
 * so the compressed ones are decompressed for the artifacts ({@link #writeImage}).
 */
public enum KernelImage {
  BZIMAGE("amd64", "an x86-64 bzImage"),
  ARM64_IMAGE("arm64", "an arm64 Image"),
  ARM64_IMAGE_GZIP("arm64", "a gzip'd arm64 Image"),
  ARM64_ZBOOT("arm64", "an arm64 EFI zboot image"),
  /** Anything else: a kernel imgc cannot tell the machine of, taken as it is. */
  UNKNOWN(null, "a kernel of a kind imgc does not know");

  /** The most a header needs: arm64's Image header is 64 bytes, the zboot one 56, x86's ends before 0x264. */
  private static final int HEADER = 0x264;
  private static final int ARM64_MAGIC_OFFSET = 0x38;
  private static final byte[] ARM64_MAGIC = {'A', 'R', 'M', 0x64};
  /** No arm64 kernel is bigger, so a payload that claims more is damaged, not large. */
  private static final long MAX_IMAGE = 1L << 30;

  private final String architecture;
  private final String description;

  KernelImage(String architecture, String description) {
    this.architecture = architecture;
    this.description = description;
  }

  /** The machine the kernel runs on, as OCI and Debian name it ({@code amd64}, {@code arm64}); empty when unknown. */
  public Optional<String> architecture() {
    return Optional.ofNullable(architecture);
  }

  /** What the kernel is, as a phrase for messages: "an arm64 Image". */
  public String description() {
    return description;
  }

  /** Whether {@link #writeImage} gives other bytes than the kernel's own. */
  public boolean compressed() {
    return this == ARM64_IMAGE_GZIP || this == ARM64_ZBOOT;
  }

  /** What {@code kernel} is, from its first bytes. */
  public static KernelImage identify(Content kernel) throws IOException {
    byte[] header;
    try (InputStream in = kernel.open()) {
      header = in.readNBytes(HEADER);
    }
    if (isArm64Image(header)) {
      return ARM64_IMAGE;
    }
    if (zbootCompression(header).isPresent() && PeMachine.of(header).equals(OptionalInt.of(PeMachine.ARM64))) {
      return ARM64_ZBOOT;
    }
    if (header.length > 0x205 && new String(header, 0x202, 4, StandardCharsets.ISO_8859_1).equals("HdrS")) {
      return BZIMAGE;
    }
    if (header.length >= 2 && (header[0] & 0xff) == 0x1f && (header[1] & 0xff) == 0x8b) {
      try (InputStream in = new GzipCompressorInputStream(kernel.open())) {
        if (isArm64Image(in.readNBytes(ARM64_MAGIC_OFFSET + ARM64_MAGIC.length))) {
          return ARM64_IMAGE_GZIP;
        }
      } catch (IOException e) { // not gzip after all: nothing imgc knows
        return UNKNOWN;
      }
    }
    return UNKNOWN;
  }

  /**
   * Writes the image a loader boots: the kernel's own bytes, or for {@link #compressed()} kinds the
   * arm64 {@code Image} they hold, checked to be one.
   */
  public void writeImage(Content kernel, OutputStream out) throws IOException {
    if (!compressed()) {
      try (InputStream in = kernel.open()) {
        in.transferTo(out);
      }
      return;
    }
    try (InputStream image = new BufferedInputStream(this == ARM64_IMAGE_GZIP
        ? new GzipCompressorInputStream(kernel.open()) : zbootPayload(kernel))) {
      image.mark(HEADER);
      if (!isArm64Image(image.readNBytes(HEADER))) {
        throw new IOException(description + " holds no arm64 Image");
      }
      image.reset();
      if (new Payload(image, MAX_IMAGE + 1).transferTo(out) > MAX_IMAGE) {
        throw new IOException(description + " holds an Image over " + (MAX_IMAGE >> 20) + " MiB, which no kernel is");
      }
    }
  }

  private static InputStream zbootPayload(Content kernel) throws IOException {
    InputStream in = kernel.open();
    try {
      byte[] header = in.readNBytes(HEADER);
      ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
      long offset = Integer.toUnsignedLong(fields.getInt(8));
      long size = Integer.toUnsignedLong(fields.getInt(12));
      String compression = zbootCompression(header).orElseThrow();
      if (offset < header.length) {
        throw new IOException("the zboot image's payload offset " + offset + " lies inside its header");
      }
      in.skipNBytes(offset - header.length);
      InputStream payload = new Payload(in, size);
      return switch (compression) {
        case "gzip" -> new GzipCompressorInputStream(payload);
        case "zstd", "zstd22" -> new ZstdInputStream(payload);
        case "xzkern", "xz" -> new XZCompressorInputStream(payload);
        default -> throw new IOException("the zboot image's payload is compressed with " + compression
            + ", which imgc does not read; build the kernel with gzip, xz or zstd");
      };
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static boolean isArm64Image(byte[] header) {
    if (header.length < ARM64_MAGIC_OFFSET + ARM64_MAGIC.length) {
      return false;
    }
    for (int i = 0; i < ARM64_MAGIC.length; i++) {
      if (header[ARM64_MAGIC_OFFSET + i] != ARM64_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /** The compression a zboot header names, when {@code header} is one: "MZ", "zimg", and a name at 24. */
  private static Optional<String> zbootCompression(byte[] header) {
    if (header.length < 0x40 || header[0] != 'M' || header[1] != 'Z'
        || !new String(header, 4, 4, StandardCharsets.ISO_8859_1).equals("zimg")) {
      return Optional.empty();
    }
    int end = 24;
    while (end < ARM64_MAGIC_OFFSET && header[end] != 0) {
      end++;
    }
    String name = new String(header, 24, end - 24, StandardCharsets.ISO_8859_1);
    return name.matches("[a-z0-9]+") ? Optional.of(name) : Optional.empty();
  }
}
