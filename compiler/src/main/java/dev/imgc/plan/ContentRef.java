package dev.imgc.plan;

import dev.imgc.image.oci.Digest;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the bytes of a planned regular file come from. A plan never holds the bytes of a layer's
 * file, only where to find them again and what they hash to; {@link #sha256} and {@link #size} are
 * the file's identity, so two references to equal bytes are the same content wherever they live.
 */
public sealed interface ContentRef
    permits ContentRef.LayerMember, ContentRef.TarMember, ContentRef.Inline, ContentRef.HostFile,
    ContentRef.StoreBlob {

  Digest sha256();

  long size();

  /** A file of a layer: the layer blob's digest and the member's name as the tar writes it. */
  record LayerMember(Digest layer, String member, Digest sha256, long size) implements ContentRef {}

  /** A member of a tarball {@code archive} that is itself a file of a layer (LinuxKit's {@code kernel.tar}). */
  record TarMember(Digest layer, String archive, String member, Digest sha256, long size) implements ContentRef {}

  /** Bytes imgc made: a spec's {@code contents}, a rendered config.json, a generated modules.dep. */
  record Inline(byte[] bytes, Digest sha256) implements ContentRef {
    public Inline {
      bytes = bytes.clone();
    }

    public static Inline of(byte[] bytes) {
      return new Inline(bytes, Digest.of(bytes));
    }

    public static Inline of(String text) {
      return of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Inline o && Arrays.equals(bytes, o.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Inline[" + sha256 + ", " + bytes.length + " bytes]";
    }
  }

  /** A blob of the image store byte for byte (a manifest, a config, a layer): a volume's OCI layout. */
  record StoreBlob(Digest sha256, long size) implements ContentRef {}

  /** A file on the build machine (a spec's {@code source}), hashed when the plan was made. */
  record HostFile(Path path, Digest sha256, long size) implements ContentRef {}
}
