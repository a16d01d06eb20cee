package dev.imgc.fs.ext4;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.block.ByteFields;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the layout decided for one inode: its kind and what it holds, the blocks it was given and
 * its attributes' place. Filled in by {@link Ext4Layout} while it lays the filesystem out, then only read.
 */
final class InodePlan {
  enum Kind {
    JOURNAL,
    DIRECTORY,
    FILE,
    SHORT_SYMLINK,
    LONG_SYMLINK,
    DEVICE,
    FIFO
  }

  final int number;
  final Kind kind;
  /** The entry, or null for what the writer adds (the root, lost+found, the journal). */
  final Entry entry;
  final Metadata metadata;
  int links = 1;
  /** A directory's blocks. */
  DirectoryBlocks directory;
  /** The blocks of a file holding data; a directory, journal or long symlink holds data in all its blocks. */
  List<DataRuns.Run> runs = List.of();
  XattrPlacement xattrs = XattrPlacement.NONE;
  /** The attribute block's contents (without counts and checksum) when the attributes need one. */
  ByteBuffer xattrKey;
  List<Extent> extents = new ArrayList<>();
  ExtentTree tree;
  long xattrBlock;
  /** Whether this inode is the first of those sharing its attribute block, which writes it. */
  boolean writesXattrBlock;

  InodePlan(int number, Kind kind, Entry entry, Metadata metadata) {
    this.number = number;
    this.kind = kind;
    this.entry = entry;
    this.metadata = metadata;
  }

  /** Blocks of data (not counting holes, extent tree or attribute block). */
  long dataBlocks() {
    return runs.stream().mapToLong(DataRuns.Run::count).sum();
  }

  long size() {
    return switch (kind) {
      case FILE -> ((Entry.RegularFile) entry).size();
      case SHORT_SYMLINK, LONG_SYMLINK -> Ext4Layout.utf8(((Entry.Symlink) entry).target()).length;
      case DIRECTORY, JOURNAL -> dataBlocks() * Ext4Image.BLOCK;
      case DEVICE, FIFO -> 0;
    };
  }

  /** Blocks the inode owns, as i_blocks counts them: data, extent tree and attribute block. */
  long ownedBlocks() {
    return dataBlocks() + (tree == null ? 0 : tree.blocks().size()) + (xattrKey == null ? 0 : 1);
  }

  /** The inode as the table stores it. */
  Inode inode() {
    int flags = 0;
    byte[] iBlock = new byte[60];
    int type;
    switch (kind) {
      case FILE, JOURNAL, DIRECTORY, LONG_SYMLINK -> {
        type = kind == Kind.DIRECTORY ? Inode.DIRECTORY : kind == Kind.LONG_SYMLINK ? Inode.SYMLINK : Inode.REGULAR;
        flags = Inode.EXTENTS;
        iBlock = tree.root();
      }
      case SHORT_SYMLINK -> {
        type = Inode.SYMLINK;
        byte[] target = Ext4Layout.utf8(((Entry.Symlink) entry).target());
        System.arraycopy(target, 0, iBlock, 0, target.length);
      }
      case DEVICE -> {
        Entry.Device device = (Entry.Device) entry;
        type = device.kind() == Entry.DeviceKind.CHARACTER ? Inode.CHARACTER : Inode.BLOCK;
        iBlock = deviceNumber(device.major(), device.minor());
      }
      case FIFO -> type = Inode.FIFO;
      default -> throw new IllegalStateException("no inode kind " + kind);
    }
    return new Inode(type, metadata.mode(), metadata.uid(), metadata.gid(), metadata.mtimeSeconds(), size(), links,
        ownedBlocks(), flags, iBlock, xattrBlock, xattrs.inodeArea());
  }

  /**
   * A device number as ext4 keeps it in {@code i_block}: the old 16-bit form in the first word when
   * major and minor fit in a byte each, else the new 32-bit form in the second.
   */
  private static byte[] deviceNumber(int major, int minor) {
    ByteFields block = new ByteFields(60);
    if (major < 256 && minor < 256) {
      block.le32(0, major << 8 | minor);
    } else {
      block.le32(4, (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12));
    }
    return block.array();
  }
}
