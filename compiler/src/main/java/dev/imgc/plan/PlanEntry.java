package dev.imgc.plan;

import dev.imgc.fs.Entry.DeviceKind;

/**
 * One entry of the planned root filesystem: where it is, its attributes, and what it is. Paths are
 * relative to the root, '/'-separated and normalised, as {@link dev.imgc.fs.Entry} has them.
 *
 * @param node what the entry is; {@link Whiteout} and {@link OpaqueDirectory} are the OCI layer markers
 *     as lowering found them, which the flatten pass applies and removes
 */
public record PlanEntry(String path, Attributes attributes, Node node) {

  /** What an entry is, apart from where it is and its attributes. */
  public sealed interface Node permits File, Directory, Symlink, HardLink, Device, Fifo, Whiteout, OpaqueDirectory {}

  public record File(ContentRef content) implements Node {}

  public record Directory() implements Node {}

  /** A symbolic link; its target is data, resolved inside the appliance (never on the build machine). */
  public record Symlink(String target) implements Node {}

  /**
   * A second name for the file at {@code target} (a path in the same root). It keeps the content it was
   * made with, so that a link whose target a later layer replaced can still become a file of its own.
   */
  public record HardLink(String target, ContentRef content) implements Node {}

  public record Device(DeviceKind kind, int major, int minor) implements Node {}

  public record Fifo() implements Node {}

  /** A layer's {@code .wh.NAME}: the entry's path and everything under it from earlier layers of the same image is gone. */
  public record Whiteout() implements Node {}

  /** A layer's {@code DIR/.wh..wh..opq}: what earlier layers of the same image put under the entry's path is gone. */
  public record OpaqueDirectory() implements Node {}

  /** The same entry at another path (a hard link keeps its target: see {@link #under}). */
  public PlanEntry withPath(String changed) {
    return new PlanEntry(changed, attributes, node);
  }

  public PlanEntry withAttributes(Attributes changed) {
    return new PlanEntry(path, changed, node);
  }

  public PlanEntry withNode(Node changed) {
    return new PlanEntry(path, attributes, changed);
  }

  /**
   * This entry moved under {@code prefix} ({@code containers/services/web/rootfs}), or unchanged for "";
   * a hard link's target moves with it, into the same root.
   */
  public PlanEntry under(String prefix) {
    if (prefix.isEmpty()) {
      return this;
    }
    Node moved = node instanceof HardLink link ? new HardLink(prefix + "/" + link.target(), link.content()) : node;
    return new PlanEntry(prefix + "/" + path, attributes, moved);
  }
}
