package dev.imgc.inspect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Reads artifacts that are streams: cpio archives and tar archives, either of them compressed.
 *
 * <p>An initrd may be several cpio archives one after the other, plain or compressed, padded with
 * zeros (an uncompressed microcode archive first, as the kernel's early loader finds it only
 * there): each archive, and each compressed member, is a part of its own, as the kernel unpacks
 * them one after the other.
 */
final class StreamArtifact {
  private static final int BUFFER = 64 * 1024;

  private StreamArtifact() {}

  static void read(StreamSource source, List<Part> parts) throws IOException, InspectException {
    try (InputStream in = new BufferedInputStream(source.open(), BUFFER)) {
      readArchives(in, null, () -> new BufferedInputStream(source.open(), BUFFER), parts);
    }
  }

  /**
   * Lists the archives of {@code in} one after the other.
   *
   * @param compression the compression {@code in} was unpacked from, or null
   * @param source opens {@code in} afresh, for an archive read twice
   */
  private static void readArchives(InputStream in, Magic compression, StreamSource source, List<Part> parts)
      throws IOException, InspectException {
    String suffix = compression == null ? "" : " (" + Compressions.name(compression) + ")";
    boolean first = true;
    while (first || skipZeros(in)) {
      Magic format = Magic.peek(in);
      if (format == Magic.CPIO) {
        parts.add(CpioReader.read(in, "cpio" + suffix));
      } else if (format == Magic.TAR) {
        TarArchive.read(in, suffix, source, parts);
        return;
      } else if (Compressions.isCompression(format) && compression == null) {
        InputStream plain = Compressions.open(format, in);
        readArchives(plain, format, () -> Compressions.open(format, source.open()), parts);
        // A tar ends at its end-of-archive blocks; read to the member's end (and its check) to go on after it.
        plain.transferTo(OutputStream.nullOutputStream());
      } else if (first && compression == null) {
        throw new InspectException("is not an artifact imgc knows: not a cpio or tar archive (plain or compressed "
            + "with gzip, zstd or xz), ISO 9660 image, disk image with an MBR or GPT, FAT filesystem or PE file");
      } else if (first) {
        throw new InspectException("holds " + Compressions.name(compression) + " data that is neither a cpio nor a tar archive");
      } else {
        throw new InspectException("holds data after its last archive that is neither a cpio archive nor compressed"
            + (compression == null ? "" : " (inside its " + Compressions.name(compression) + " part)"));
      }
      first = false;
    }
  }

  /** Skips the zeros that pad archives to a boundary; false at the end of the stream. */
  private static boolean skipZeros(InputStream in) throws IOException {
    while (true) {
      in.mark(1);
      int b = in.read();
      if (b != 0) {
        if (b > 0) {
          in.reset();
        }
        return b > 0;
      }
    }
  }
}
