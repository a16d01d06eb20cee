package dev.imgc.inspect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads artifacts that are streams: cpio archives and tar archives, either of them compressed.
 *
 * <p>An initrd may be several cpio archives one after the other, plain or compressed, padded with
 * zeros (an uncompressed microcode archive first, as the kernel's early loader finds it only
 * there, then the tree, which imgc writes as segments each compressed on its own). The kernel
 * unpacks them one after the other into one tree, so archives that follow each other with the same
 * compression are one part: what the tree holds, not how it was cut. A path a later archive lists
 * again is listed as that archive has it (see {@link PartBuilder}).
 */
final class StreamArtifact {
  private static final int BUFFER = 64 * 1024;

  private StreamArtifact() {}

  static void read(StreamSource source, ReadScope scope) throws IOException, InspectException {
    try (InputStream in = new BufferedInputStream(source.open(), BUFFER)) {
      Archives archives = new Archives(scope);
      readArchives(in, null, () -> new BufferedInputStream(source.open(), BUFFER), archives);
      archives.end();
    }
  }

  /**
   * Lists an artifact nested in another, read once as it streams by: {@code in} supports mark and
   * reset. An OCI archive nested this way cannot be read twice, so it is listed as the tar it is.
   */
  static void readNested(InputStream in, ReadScope scope) throws IOException, InspectException {
    Archives archives = new Archives(scope);
    readArchives(in, null, null, archives);
    archives.end();
  }

  /** The parts read so far: the cpio part archives are being added to stays open for the next one of its kind. */
  private static final class Archives {
    private final ReadScope scope;
    private PartBuilder cpio;
    private String cpioTitle;

    Archives(ReadScope scope) {
      this.scope = scope;
    }

    /** The part the next cpio archive titled {@code title} goes to: the open one, if it has that title. */
    PartBuilder cpio(String title) {
      if (cpio == null || !cpioTitle.equals(title)) {
        end();
        cpio = scope.part(title);
        cpioTitle = title;
      }
      return cpio;
    }

    /** Adds the open cpio part, if any, to the listing: what comes next is of another kind. */
    void end() {
      if (cpio != null) {
        scope.add(cpio.build());
        cpio = null;
      }
    }
  }

  /**
   * Lists the archives of {@code in} one after the other.
   *
   * @param compression the compression {@code in} was unpacked from, or null
   * @param source opens {@code in} afresh, for an archive read twice; null when it cannot be
   */
  private static void readArchives(InputStream in, Magic compression, StreamSource source, Archives archives)
      throws IOException, InspectException {
    ReadScope scope = archives.scope;
    String suffix = compression == null ? "" : " (" + Compressions.name(compression) + ")";
    boolean first = true;
    while (first || skipZeros(in)) {
      Magic format = Magic.peek(in);
      if (format == Magic.CPIO) {
        CpioReader.read(in, archives.cpio("cpio" + suffix), scope);
      } else if (format == Magic.TAR) {
        archives.end();
        TarArchive.read(in, suffix, source, scope);
        return;
      } else if (Compressions.isCompression(format) && compression == null) {
        InputStream plain = Compressions.open(format, in, scope.budget());
        StreamSource again = source == null ? null : () -> Compressions.open(format, source.open(), scope.budget());
        readArchives(plain, format, again, archives);
        // A tar ends at its end-of-archive blocks; read to the member's end (and its check) to go on after it.
        plain.transferTo(OutputStream.nullOutputStream());
      } else if (first && compression == null) {
        throw new InspectException("is not an artifact imgc knows: not a cpio or tar archive (plain or compressed "
            + "with gzip, zstd or xz), nor " + String.join(", ", BlockFormat.descriptions()));
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
