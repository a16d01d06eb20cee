package dev.imgc.plan;

import dev.imgc.fs.Entry.DeviceKind;

/**
 * One entry of the planned root filesystem. Paths are relative to the root, '/'-separated and
 * normalised, as {@link dev.imgc.fs.Entry} has them. {@link Whiteout} and {@link OpaqueDirectory}
 * are the OCI layer markers as lowering found them; the flatten pass applies and removes them.
 */
public sealed interface PlanEntry
    permits PlanEntry.File, PlanEntry.Directory, PlanEntry.Symlink, PlanEntry.HardLink, PlanEntry.Device,
        PlanEntry.Fifo, PlanEntry.Whiteout, PlanEntry.OpaqueDirectory {

  String path();

  Attributes attributes();

  /** The same entry at another path (a hard link's target moves with it, into the same root). */
  PlanEntry withPath(String path);

  PlanEntry withAttributes(Attributes attributes);

  /** This entry moved under {@code prefix} ({@code containers/services/web/rootfs}), or unchanged for "". */
  default PlanEntry under(String prefix) {
    return prefix.isEmpty() ? this : withPath(prefix + "/" + path());
  }

  record File(String path, Attributes attributes, ContentRef content) implements PlanEntry {
    @Override
    public File withPath(String changed) {
      return new File(changed, attributes, content);
    }

    @Override
    public File withAttributes(Attributes changed) {
      return new File(path, changed, content);
    }
  }

  record Directory(String path, Attributes attributes) implements PlanEntry {
    @Override
    public Directory withPath(String changed) {
      return new Directory(changed, attributes);
    }

    @Override
    public Directory withAttributes(Attributes changed) {
      return new Directory(path, changed);
    }
  }

  /** A symbolic link; its target is data, resolved inside the appliance (never on the build machine). */
  record Symlink(String path, Attributes attributes, String target) implements PlanEntry {
    @Override
    public Symlink withPath(String changed) {
      return new Symlink(changed, attributes, target);
    }

    @Override
    public Symlink withAttributes(Attributes changed) {
      return new Symlink(path, changed, target);
    }
  }

  /**
   * A second name for the file at {@code target}. It keeps the content it was made with, so that a
   * link whose target a later layer replaced can still become a file of its own.
   */
  record HardLink(String path, Attributes attributes, String target, ContentRef content) implements PlanEntry {
    @Override
    public HardLink withPath(String changed) {
      return new HardLink(changed, attributes, target, content);
    }

    @Override
    public PlanEntry under(String prefix) {
      return prefix.isEmpty() ? this : new HardLink(prefix + "/" + path, attributes, prefix + "/" + target, content);
    }

    @Override
    public HardLink withAttributes(Attributes changed) {
      return new HardLink(path, changed, target, content);
    }

    public HardLink withTarget(String changed) {
      return new HardLink(path, attributes, changed, content);
    }
  }

  record Device(String path, Attributes attributes, DeviceKind kind, int major, int minor) implements PlanEntry {
    @Override
    public Device withPath(String changed) {
      return new Device(changed, attributes, kind, major, minor);
    }

    @Override
    public Device withAttributes(Attributes changed) {
      return new Device(path, changed, kind, major, minor);
    }
  }

  record Fifo(String path, Attributes attributes) implements PlanEntry {
    @Override
    public Fifo withPath(String changed) {
      return new Fifo(changed, attributes);
    }

    @Override
    public Fifo withAttributes(Attributes changed) {
      return new Fifo(path, changed);
    }
  }

  /** A layer's {@code .wh.NAME}: {@code path} and everything under it from earlier layers of the same image is gone. */
  record Whiteout(String path, Attributes attributes) implements PlanEntry {
    @Override
    public Whiteout withPath(String changed) {
      return new Whiteout(changed, attributes);
    }

    @Override
    public Whiteout withAttributes(Attributes changed) {
      return new Whiteout(path, changed);
    }
  }

  /** A layer's {@code DIR/.wh..wh..opq}: what earlier layers of the same image put under {@code path} is gone. */
  record OpaqueDirectory(String path, Attributes attributes) implements PlanEntry {
    @Override
    public OpaqueDirectory withPath(String changed) {
      return new OpaqueDirectory(changed, attributes);
    }

    @Override
    public OpaqueDirectory withAttributes(Attributes changed) {
      return new OpaqueDirectory(path, changed);
    }
  }
}
