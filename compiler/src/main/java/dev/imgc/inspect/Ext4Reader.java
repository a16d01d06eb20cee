package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Lists an ext2, ext3 or ext4 filesystem from its superblock (at 1 KiB) and group descriptors: the
 * directories from the root inode (2), each entry with its inode's mode, owner, time, extended
 * attributes (in the inode and in an xattr block) and, for a file, its content through its extent
 * tree or block map. Directories are read as linear blocks (an htree's index hides in entries a
 * linear reader skips); inline data is refused by name. Names of one inode are hard links.
 */
final class Ext4Reader {
  static final int SUPERBLOCK = 1024;
  private static final int MAGIC = 0xEF53;
  private static final int ROOT = 2;
  private static final int INCOMPAT_FILETYPE = 0x2;
  private static final int INCOMPAT_EXTENTS = 0x40;
  private static final int INCOMPAT_64BIT = 0x80;
  /** Compression, a journal device, meta_bg's descriptors, encrypted names, dirdata: what imgc does not read. */
  private static final int INCOMPAT_UNREAD = 0x1 | 0x8 | 0x10 | 0x1000 | 0x10000;
  private static final int COMPAT_JOURNAL = 0x4;
  private static final int INLINE_DATA_FL = 0x10000000;
  private static final int MAX_TARGET = 4096;

  private final Region image;
  private final ReadScope scope;
  private final Ext4Volume volume;

  private Ext4Reader(Region image, ReadScope scope, Ext4Volume volume) {
    this.image = image;
    this.scope = scope;
    this.volume = volume;
  }

  static boolean recognises(Region image) throws IOException {
    return image.holds(SUPERBLOCK, 1024) && (image.read(SUPERBLOCK + 0x38, 2).getShort() & 0xffff) == MAGIC;
  }

  /** Lists the filesystem as a part titled {@code title.apply("ext4")} (or ext2, ext3). */
  static void read(Region image, UnaryOperator<String> title, ReadScope scope) throws IOException, InspectException {
    ByteBuffer superblock = image.read(SUPERBLOCK, 1024);
    int incompat = superblock.getInt(0x60);
    if ((incompat & INCOMPAT_UNREAD) != 0) {
      throw new InspectException("is an ext4 filesystem with features imgc does not read (incompatible features 0x"
          + Integer.toHexString(incompat & INCOMPAT_UNREAD) + ")");
    }
    Ext4Volume volume = Ext4Volume.of(image, superblock);
    String kind = (incompat & INCOMPAT_EXTENTS) != 0 ? "ext4" : (superblock.getInt(0x5c) & COMPAT_JOURNAL) != 0
        ? "ext3" : "ext2";
    PartBuilder part = scope.part(title.apply(kind));
    byte[] label = new byte[16];
    superblock.get(0x78, label);
    String name = new String(label, java.nio.charset.StandardCharsets.ISO_8859_1);
    part.row(Row.builder().put("label", name.indexOf('\0') < 0 ? name : name.substring(0, name.indexOf('\0')))
        .put("uuid", FilesystemFields.uuid(superblock, 0x68)).put("block-size", volume.blockSize()).put("blocks", volume.blocks())
        .put("inodes", volume.inodes()).build());
    new Ext4Reader(image, scope, volume).walk(part, (incompat & INCOMPAT_FILETYPE) != 0);
    scope.add(part.build());
  }

  /** A directory still to be read: its path and inode number. */
  private record Pending(String path, long number) {}

  private void walk(PartBuilder part, boolean fileTypes) throws IOException, InspectException {
    Deque<Pending> directories = new ArrayDeque<>();
    directories.add(new Pending(".", ROOT));
    Set<Long> visited = new HashSet<>();
    Set<Long> listedFiles = new HashSet<>();
    while (!directories.isEmpty()) {
      Pending directory = directories.poll();
      if (!visited.add(directory.number())) {
        throw new InspectException("is an ext4 filesystem whose directories form a loop at "
            + SafeText.escape(directory.path()));
      }
      Ext4Inode inode = volume.inode(directory.number());
      if (inode.type() != EntryType.DIR) {
        throw new IOException("the directory " + directory.path() + " has an inode that is not a directory's");
      }
      if (directory.path().equals(".")) {
        part.add(listed(".", inode));
      }
      refuseInline(directory.path(), inode);
      Ext4Blocks blocks = new Ext4Blocks(image, volume, inode, scope.budget());
      long count = (inode.size() + volume.blockSize() - 1) / volume.blockSize();
      for (long index = 0; index < count; index++) {
        ByteBuffer block = blocks.block(index);
        if (block == null) {
          throw new IOException("the directory " + directory.path() + " has a hole");
        }
        readEntries(directory.path(), block, fileTypes, part, directories, listedFiles);
      }
    }
  }

  private void readEntries(String path, ByteBuffer block, boolean fileTypes, PartBuilder part,
      Deque<Pending> directories, Set<Long> listedFiles) throws IOException, InspectException {
    int at = 0;
    while (at + 8 <= block.capacity()) {
      long number = block.getInt(at) & 0xffffffffL;
      int length = block.getShort(at + 4) & 0xffff;
      if (length == 0 || length == 0xffff && block.capacity() == 65536) {
        length = 65536;
      }
      int nameLength = fileTypes ? block.get(at + 6) & 0xff : block.getShort(at + 6) & 0xffff;
      if (length < 8 || length % 4 != 0 || at + length > block.capacity() || 8 + nameLength > length) {
        throw new IOException("a directory entry of " + path + " is malformed");
      }
      if (number != 0) {
        byte[] raw = new byte[nameLength];
        block.get(at + 8, raw);
        String name = EntryPaths.decode(raw);
        if (!name.equals(".") && !name.equals("..")) {
          if (name.isEmpty() || name.contains("/") || name.indexOf('\0') >= 0) {
            throw new IOException("a directory of " + path + " holds the name \"" + SafeText.escape(name) + "\"");
          }
          addEntry(path.equals(".") ? name : path + "/" + name, number, part, directories, listedFiles);
        }
      }
      at += length;
    }
  }

  private void addEntry(String path, long number, PartBuilder part, Deque<Pending> directories,
      Set<Long> listedFiles) throws IOException, InspectException {
    Ext4Inode inode = volume.inode(number);
    ListedEntry entry = listed(path, inode);
    switch (inode.type()) {
      case DIR -> {
        part.add(entry);
        directories.add(new Pending(path, number));
      }
      case FILE -> {
        if (!listedFiles.add(number)) {
          part.addName(entry, number); // another name of one inode: its content was read with the first
          return;
        }
        refuseInline(path, inode);
        Digest.Result content;
        try (InputStream in = scope.budget().counting(new Ext4Blocks(image, volume, inode, scope.budget())
            .stream())) {
          content = scope.file(path, in);
        }
        part.addName(ListedEntry.file(path, inode.mode(), inode.uid(), inode.gid(), content)
            .withMtime(inode.mtime()).withXattrs(entry.xattrs()), number);
      }
      case SYMLINK -> part.add(entry.withTarget(EntryPaths.decode(target(path, inode))));
      case CHAR, BLOCK -> {
        ByteBuffer blocks = inode.blockField();
        long old = blocks.getInt(0) & 0xffffffffL;
        long device = blocks.getInt(4) & 0xffffffffL;
        part.add(old != 0
            ? entry.withDevice(old >>> 8 & 0xff, old & 0xff)
            : entry.withDevice(device >>> 8 & 0xfff, device & 0xff | device >>> 12 & 0xfff00));
      }
      default -> part.add(entry);
    }
  }

  /** A symlink's target: in the inode's block field when short (a "fast" symlink), else in its blocks. */
  private byte[] target(String path, Ext4Inode inode) throws IOException, InspectException {
    if (inode.size() > MAX_TARGET) {
      throw new IOException("the symlink " + path + " has a target of " + inode.size() + " bytes");
    }
    refuseInline(path, inode);
    if (!inode.mapped() && inode.size() < 60) {
      byte[] target = new byte[(int) inode.size()];
      inode.blockField().get(0, target);
      return target;
    }
    try (InputStream in = new Ext4Blocks(image, volume, inode, scope.budget()).stream()) {
      return in.readNBytes((int) inode.size());
    }
  }

  private ListedEntry listed(String path, Ext4Inode inode) throws IOException {
    return ListedEntry.of(path, inode.type(), inode.mode(), inode.uid(), inode.gid()).withMtime(inode.mtime())
        .withXattrs(volume.xattrs(inode));
  }

  private static void refuseInline(String path, Ext4Inode inode) throws InspectException {
    if ((inode.flags() & INLINE_DATA_FL) != 0) {
      throw new InspectException("is an ext4 filesystem keeping " + SafeText.escape(path)
          + " as inline data, which imgc does not read; make it with mke2fs -O ^inline_data");
    }
  }
}
