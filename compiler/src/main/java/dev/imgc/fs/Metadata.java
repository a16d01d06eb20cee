package dev.imgc.fs;

/**
 * Ownership, permissions and time of an {@link Entry}.
 *
 * @param mode permission bits only (including setuid, setgid and sticky: {@code 07777}); the file
 *     type comes from the entry's kind
 * @param mtimeSeconds modification time in seconds since the epoch, already clamped by the plan
 */
public record Metadata(int mode, int uid, int gid, long mtimeSeconds) {
  public Metadata {
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode holds more than permission bits: " + Integer.toOctalString(mode));
    }
  }
}
