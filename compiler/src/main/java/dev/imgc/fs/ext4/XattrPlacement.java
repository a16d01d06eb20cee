package dev.imgc.fs.ext4;

import dev.imgc.fs.Xattr;
import dev.imgc.fs.block.ByteFields;
import dev.imgc.fs.block.LayoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where an inode's extended attributes go: as many as fit in the 96 bytes after the inode's fixed
 * fields, the rest in one attribute block (which identical sets share, counted in its header).
 * Entries are sorted as ext4 searches them (namespace, name length, name); the attribute hashes are
 * ext4's, which e2fsck checks.
 */
record XattrPlacement(List<Stored> inInode, List<Stored> inBlock) {
  static final int MAGIC = 0xEA020000;
  /** Bytes for attributes in a 256-byte inode with 32 extra bytes: 256 - 128 - 32. */
  static final int IN_INODE_BYTES = Ext4Image.INODE_SIZE - 128 - Ext4Image.EXTRA_ISIZE;
  private static final int ENTRY_HEADER = 16;
  private static final int BLOCK_HEADER = 32;

  /** One attribute as ext4 stores it: namespace number, the rest of the name, the value (an ACL converted). */
  record Stored(int index, byte[] name, byte[] value) {
    int entrySize() {
      return padded(ENTRY_HEADER + name.length);
    }

    int valueSize() {
      return padded(value.length);
    }

    /** ext4's hash of the name and value, which e2fsck recomputes. */
    int hash() {
      int hash = 0;
      for (byte b : name) {
        hash = (hash << 5) ^ (hash >>> 27) ^ (b & 0xff);
      }
      byte[] padded = Arrays.copyOf(value, valueSize());
      for (int at = 0; at < padded.length; at += 4) {
        int word = (padded[at] & 0xff) | (padded[at + 1] & 0xff) << 8 | (padded[at + 2] & 0xff) << 16 | (padded[at + 3] & 0xff) << 24;
        hash = (hash << 16) ^ (hash >>> 16) ^ word;
      }
      return hash;
    }
  }

  static final XattrPlacement NONE = new XattrPlacement(List.of(), List.of());

  XattrPlacement {
    inInode = List.copyOf(inInode);
    inBlock = List.copyOf(inBlock);
  }

  /** Places the attributes of the entry at {@code path}; refuses those ext4 cannot hold. */
  static XattrPlacement of(String path, List<Xattr> xattrs) {
    if (xattrs.isEmpty()) {
      return NONE;
    }
    List<Stored> stored = new ArrayList<>();
    for (Xattr xattr : xattrs) {
      stored.add(stored(path, xattr));
    }
    stored.sort(Comparator.comparingInt(Stored::index).thenComparingInt(s -> s.name().length)
        .thenComparing(Stored::name, Arrays::compareUnsigned));
    List<Stored> inode = new ArrayList<>();
    List<Stored> block = new ArrayList<>();
    int inodeLeft = IN_INODE_BYTES - 4 - 4;
    int blockLeft = Ext4Image.BLOCK - BLOCK_HEADER - 4;
    for (Stored s : stored) {
      int size = s.entrySize() + s.valueSize();
      if (size <= inodeLeft) {
        inode.add(s);
        inodeLeft -= size;
      } else if (size <= blockLeft) {
        block.add(s);
        blockLeft -= size;
      } else {
        long total = stored.stream().mapToLong(x -> x.entrySize() + x.valueSize()).sum();
        throw new LayoutException("the extended attributes of '" + path + "' take " + total
            + " bytes; ext4 holds up to " + (IN_INODE_BYTES + Ext4Image.BLOCK) + " per file here (the inode's "
            + IN_INODE_BYTES + " bytes and one block), so shorten or drop some of them");
      }
    }
    return new XattrPlacement(inode, block);
  }

  private static Stored stored(String path, Xattr xattr) {
    return switch (xattr.namespace()) {
      case USER -> new Stored(1, xattr.suffix(), xattr.value());
      case POSIX_ACL_ACCESS -> new Stored(2, new byte[0], PosixAcl.toExt4(xattr.value(), xattr.name() + " of '" + path + "'"));
      case POSIX_ACL_DEFAULT -> new Stored(3, new byte[0], PosixAcl.toExt4(xattr.value(), xattr.name() + " of '" + path + "'"));
      case TRUSTED -> new Stored(4, xattr.suffix(), xattr.value());
      case SECURITY -> new Stored(6, xattr.suffix(), xattr.value());
      case SYSTEM -> new Stored(7, xattr.suffix(), xattr.value());
    };
  }

  /** The in-inode attribute area (magic, entries, values at its end), or null when there is none. */
  byte[] inodeArea() {
    if (inInode.isEmpty()) {
      return null;
    }
    ByteFields area = new ByteFields(IN_INODE_BYTES);
    area.le32(0, MAGIC);
    write(area, 4, inInode, 4);
    return area.array();
  }

  /** The attribute block with its header but no checksum, the same bytes for the same attributes. */
  ByteBuffer blockKey() {
    ByteFields block = new ByteFields(Ext4Image.BLOCK);
    block.le32(0, MAGIC).le32(8, 1);
    int hash = 0;
    for (Stored s : inBlock) {
      int entryHash = s.hash();
      if (entryHash == 0) {
        hash = 0;
        break;
      }
      hash = (hash << 16) ^ (hash >>> 16) ^ entryHash;
    }
    block.le32(12, hash);
    write(block, BLOCK_HEADER, inBlock, 0);
    return ByteBuffer.wrap(block.array()).asReadOnlyBuffer();
  }

  /** The attribute block numbered {@code number}, shared by {@code references} inodes, with its checksum. */
  static byte[] block(ByteBuffer key, long number, int references, int checksumSeed) {
    ByteFields block = new ByteFields(Ext4Image.BLOCK);
    key.duplicate().rewind().get(block.array());
    block.le32(4, references);
    block.le32(16, Crc32c.update(Crc32c.updateLe64(checksumSeed, number), block.array()));
    return block.array();
  }

  /**
   * Writes entries from {@code first} and their values down from the area's end; value offsets count
   * from {@code base} (the first entry in an inode, the block's start in a block).
   */
  private static void write(ByteFields area, int first, List<Stored> entries, int base) {
    int at = first;
    int valueEnd = area.size();
    for (Stored s : entries) {
      int offset = 0;
      if (s.value().length > 0) {
        valueEnd -= s.valueSize();
        area.bytes(valueEnd, s.value());
        offset = valueEnd - base;
      }
      area.u8(at, s.name().length).u8(at + 1, s.index()).le16(at + 2, offset).le32(at + 8, s.value().length)
          .le32(at + 12, s.hash()).bytes(at + ENTRY_HEADER, s.name());
      at += s.entrySize();
    }
  }

  private static int padded(int size) {
    return (size + 3) / 4 * 4;
  }
}
