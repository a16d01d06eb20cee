package dev.imgc.emit;

import dev.imgc.fs.part.Guids;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * The identifiers an artifact carries, all derived from the plan digest and a purpose ("esp serial",
 * "raw-efi disk"), so the same plan always gives the same ids and distinct uses get distinct ones.
 */
final class Identity {
  private final String digest;
  private final byte[] seed;

  Identity(String digest) {
    this.digest = digest;
    this.seed = HexFormat.of().parseHex(digest);
  }

  /** An ISO volume id: {@code IMGC_} and the first 12 hex digits of the digest, upper-cased. */
  String isoVolumeId() {
    return "IMGC_" + digest.substring(0, 12).toUpperCase(Locale.ROOT);
  }

  UUID guid(String purpose) {
    return Guids.derive(seed, purpose);
  }

  /** A 32-bit number (a disk signature, a FAT serial): the hash bits of {@link #guid} no flag overwrites. */
  int number(String purpose) {
    return (int) guid(purpose).getLeastSignificantBits();
  }
}
