package dev.imgc.fs.ext4;

import dev.imgc.fs.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What the caller decides about an ext4 filesystem; nothing here comes from a clock or a random source.
 *
 * @param uuid the filesystem's UUID, which also seeds every metadata checksum; derived by the caller
 * @param hashSeed the seed of directory hashes (for the directories the kernel indexes later)
 * @param timeSeconds the filesystem's creation time and the time of what the writer adds (the root, lost+found)
 * @param label the volume label, up to 16 bytes of UTF-8 (empty for none)
 * @param root the root directory's owner, mode and time
 * @param sizeBytes the filesystem's size, or 0 to size it from the contents plus {@code freePercent}
 * @param freePercent when sized from the contents, the free space to leave, in percent of the contents
 *     (at least {@link #MINIMUM_FREE_BYTES}): the root is writable and needs room
 * @param holes whether runs of zero blocks in files become holes, as {@code cp --sparse} makes them:
 *     costs a second read of every file of a block or more
 */
public record Ext4Options(UUID uuid, UUID hashSeed, long timeSeconds, String label, Metadata root, long sizeBytes,
    int freePercent, boolean holes) {
  /** The least free space a filesystem sized from its contents gets: 8 MiB. */
  public static final long MINIMUM_FREE_BYTES = 8L << 20;

  public Ext4Options {
    if (label.getBytes(StandardCharsets.UTF_8).length > 16) {
      throw new IllegalArgumentException("an ext4 label holds 16 bytes, '" + label + "' has more");
    }
    if (sizeBytes < 0 || sizeBytes % Ext4Image.BLOCK != 0) {
      throw new IllegalArgumentException(
          "an ext4 size must be a multiple of " + Ext4Image.BLOCK + " bytes (or 0 to size it from the contents), not " + sizeBytes);
    }
    if (freePercent < 0) {
      throw new IllegalArgumentException("free space cannot be negative: " + freePercent + "%");
    }
  }

  /** Sized from the contents with 25% free, holes kept, the root 0755 and owned by root. */
  public static Ext4Options of(UUID uuid, UUID hashSeed, long timeSeconds) {
    return new Ext4Options(uuid, hashSeed, timeSeconds, "", new Metadata(0755, 0, 0, timeSeconds), 0, 25, true);
  }

  public Ext4Options withSize(long bytes) {
    return new Ext4Options(uuid, hashSeed, timeSeconds, label, root, bytes, freePercent, holes);
  }

  public Ext4Options withLabel(String changed) {
    return new Ext4Options(uuid, hashSeed, timeSeconds, changed, root, sizeBytes, freePercent, holes);
  }

  public Ext4Options withHoles(boolean keep) {
    return new Ext4Options(uuid, hashSeed, timeSeconds, label, root, sizeBytes, freePercent, keep);
  }

  public Ext4Options withFreePercent(int percent) {
    return new Ext4Options(uuid, hashSeed, timeSeconds, label, root, sizeBytes, percent, holes);
  }
}
