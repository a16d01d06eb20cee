package dev.imgc.fs.part;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** GUIDs derived from content, never random, and their on-disk form in GPT. */
public final class Guids {
  /** The partition type of an EFI system partition. */
  public static final UUID EFI_SYSTEM = UUID.fromString("c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
  /** The partition type of a Linux filesystem. */
  public static final UUID LINUX_FILESYSTEM = UUID.fromString("0fc63daf-8483-4772-8e79-3d69d8477de4");
  /**
   * The partition types of a root filesystem for x86-64 and for 64-bit ARM in the Discoverable
   * Partitions Specification, by which systemd-gpt-auto-generator and others find the root with no
   * command line: each machine has its own, so a disk says which machine's root it holds.
   */
  public static final UUID ROOT_X86_64 = UUID.fromString("4f68bce3-e8cd-4db1-96e7-fbcaf984b709");
  public static final UUID ROOT_ARM64 = UUID.fromString("b921b045-1df0-41c3-af44-4c6f280d3fae");

  private Guids() {}

  /**
   * A GUID shaped like an RFC 4122 version 4 one (version and variant bits set) whose other 122 bits
   * are the SHA-256 of {@code seed} and {@code purpose}: the same inputs always give the same GUID,
   * and one seed (a plan digest) gives distinct GUIDs for distinct purposes ("disk", "partition 1").
   */
  public static UUID derive(byte[] seed, String purpose) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    sha.update(seed);
    sha.update((byte) 0);
    byte[] hash = sha.digest(purpose.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) (hash[6] & 0x0f | 0x40);
    hash[8] = (byte) (hash[8] & 0x3f | 0x80);
    ByteBuffer bytes = ByteBuffer.wrap(hash);
    return new UUID(bytes.getLong(), bytes.getLong());
  }

  /** The 16 bytes GPT stores: the first three fields little-endian, the last two as written. */
  public static byte[] gptBytes(UUID guid) {
    ByteBuffer big = ByteBuffer.allocate(16).putLong(guid.getMostSignificantBits()).putLong(guid.getLeastSignificantBits());
    byte[] b = big.array();
    return new byte[] {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
  }
}
