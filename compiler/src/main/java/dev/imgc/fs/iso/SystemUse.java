package dev.imgc.fs.iso;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.block.FileTree.Node;

/** The Rock Ridge System Use entries of one node's directory record. */
final class SystemUse {
  private static final Metadata ROOT = new Metadata(0755, 0, 0, 0);

  private final Inodes inodes;
  private final long rootTime;

  SystemUse(Inodes inodes, long rootTime) {
    this.inodes = inodes;
    this.rootTime = rootTime;
  }

  /** PX and TF, and PN for a device: what every record of a node carries inline. A hard link shows its file. */
  byte[] fixed(Node node) {
    Node data = node.dataNode();
    Metadata m = data.isRoot() ? ROOT : data.entry().metadata();
    byte[] su = RockRidge.concat(
        RockRidge.px(typeBits(data.entry()) | m.mode(), inodes.links(node), m.uid(), m.gid(), inodes.number(node)),
        RockRidge.tf(time(node, rootTime)));
    if (node.entry() instanceof Entry.Device device) {
      su = RockRidge.concat(su, RockRidge.pn(device.major(), device.minor()));
    }
    return su;
  }

  /** NM with the real name, and SL with a symlink's target. */
  static byte[] names(Node node) {
    byte[] names = RockRidge.nm(node.name());
    if (node.entry() instanceof Entry.Symlink link) {
      names = RockRidge.concat(names, RockRidge.sl(link.target()));
    }
    return names;
  }

  static long time(Node node, long rootTime) {
    return node.isRoot() ? rootTime : node.entry().metadata().mtimeSeconds();
  }

  /** The file-type bits of a POSIX mode (S_IFDIR, S_IFREG, …). */
  private static int typeBits(Entry entry) {
    if (entry == null || entry instanceof Entry.Directory) {
      return 0040000;
    }
    if (entry instanceof Entry.Symlink) {
      return 0120000;
    }
    if (entry instanceof Entry.Device device) {
      return device.kind() == Entry.DeviceKind.CHARACTER ? 0020000 : 0060000;
    }
    if (entry instanceof Entry.Fifo) {
      return 0010000;
    }
    return 0100000;
  }
}
