package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The geometry of an ext2/3/4 filesystem from its superblock, checked before anything is read
 * through it, and what is found through it: inodes by number, and their extended attributes.
 */
record Ext4Volume(Region image, int blockSize, long blocks, long inodes, long firstDataBlock, long inodesPerGroup,
    int inodeSize, int descriptorSize, long groups) {
  private static final int XATTR_MAGIC = 0xEA020000;
  private static final int ACL_VERSION_EXT4 = 1;
  private static final int ACL_VERSION_VFS = 2;

  static Ext4Volume of(Region image, ByteBuffer superblock) throws InspectException {
    int logBlock = superblock.getInt(0x18);
    if (logBlock < 0 || logBlock > 6) {
      throw new InspectException("is an ext4 filesystem with an impossible block size of 2^" + (10 + logBlock) + " bytes");
    }
    int blockSize = 1024 << logBlock;
    boolean wide = (superblock.getInt(0x60) & 0x80) != 0;
    long blocks = superblock.getInt(0x4) & 0xffffffffL | (wide ? (superblock.getInt(0x150) & 0xffffffffL) << 32 : 0);
    long inodes = superblock.getInt(0x0) & 0xffffffffL;
    long firstDataBlock = superblock.getInt(0x14) & 0xffffffffL;
    long blocksPerGroup = superblock.getInt(0x20) & 0xffffffffL;
    long inodesPerGroup = superblock.getInt(0x28) & 0xffffffffL;
    int inodeSize = superblock.getInt(0x4c) == 0 ? 128 : superblock.getShort(0x58) & 0xffff;
    int descriptorSize = wide ? superblock.getShort(0xfe) & 0xffff : 32;
    boolean plausible = blocksPerGroup > 0 && inodesPerGroup > 0 && blocks > firstDataBlock
        && firstDataBlock <= 1 && inodeSize >= 128 && Integer.bitCount(inodeSize) == 1 && inodeSize <= blockSize
        && descriptorSize >= 32 && Integer.bitCount(descriptorSize) == 1 && descriptorSize <= 1024
        && blocks <= Long.MAX_VALUE / blockSize;
    if (!plausible) {
      throw new InspectException("is an ext4 filesystem whose superblock's geometry is impossible");
    }
    long groups = (blocks - firstDataBlock + blocksPerGroup - 1) / blocksPerGroup;
    if (inodes > groups * inodesPerGroup) {
      throw new InspectException("is an ext4 filesystem with more inodes than its groups hold");
    }
    return new Ext4Volume(image, blockSize, blocks, inodes, firstDataBlock, inodesPerGroup, inodeSize,
        descriptorSize, groups);
  }

  /** Block {@code number}, checked to lie in the filesystem. */
  ByteBuffer block(long number) throws IOException {
    if (number <= firstDataBlock || number >= blocks) {
      throw new IOException("a block pointer names block " + number + " of " + blocks);
    }
    return image.read(number * blockSize, blockSize);
  }

  Ext4Inode inode(long number) throws IOException {
    if (number < 1 || number > inodes) {
      throw new IOException("a directory names inode " + number + " of " + inodes);
    }
    long group = (number - 1) / inodesPerGroup;
    ByteBuffer descriptor = image.read((firstDataBlock + 1) * blockSize + group * descriptorSize, descriptorSize);
    long table = descriptor.getInt(0x8) & 0xffffffffL
        | (descriptorSize >= 64 ? (descriptor.getInt(0x28) & 0xffffffffL) << 32 : 0);
    if (table <= firstDataBlock || table >= blocks) {
      throw new IOException("group " + group + " has its inode table at block " + table);
    }
    ByteBuffer raw = image.read(table * blockSize + (number - 1) % inodesPerGroup * inodeSize, inodeSize);
    int fullMode = raw.getShort(0) & 0xffff;
    EntryType type = FilesystemFields.type(number, fullMode);
    long uid = raw.getShort(0x2) & 0xffff | (raw.getShort(0x78) & 0xffffL) << 16;
    long gid = raw.getShort(0x18) & 0xffff | (raw.getShort(0x7a) & 0xffffL) << 16;
    long size = raw.getInt(0x4) & 0xffffffffL | (raw.getInt(0x6c) & 0xffffffffL) << 32;
    if (size < 0) {
      throw new IOException("inode " + number + " has a negative size");
    }
    long mtime = raw.getInt(0x10);
    int extra = inodeSize > 128 ? raw.getShort(0x80) & 0xffff : 0;
    if (extra >= 12 && 128 + extra <= inodeSize) {
      mtime += (raw.getInt(0x88) & 3L) << 32; // the epoch bits that carry times past 2038
    }
    long xattrBlock = raw.getInt(0x68) & 0xffffffffL | (raw.getShort(0x76) & 0xffffL) << 32;
    return new Ext4Inode(number, type, fullMode & 07777, uid, gid, size, mtime, raw.getInt(0x20), xattrBlock, raw);
  }

  /** The extended attributes of an inode, in the inode and in its xattr block: name to hex value. */
  Map<String, String> xattrs(Ext4Inode inode) throws IOException {
    Map<String, String> xattrs = new TreeMap<>();
    ByteBuffer raw = inode.raw();
    int extra = inodeSize > 128 ? raw.getShort(0x80) & 0xffff : 0;
    int start = 128 + extra;
    if (extra > 0 && extra % 4 == 0 && start + 4 <= inodeSize && raw.getInt(start) == XATTR_MAGIC) {
      ByteBuffer area = raw.slice(start + 4, inodeSize - start - 4).order(ByteOrder.LITTLE_ENDIAN);
      entries(area, 0, area, xattrs);
    }
    if (inode.xattrBlock() != 0) {
      ByteBuffer block = block(inode.xattrBlock());
      if (block.getInt(0) != XATTR_MAGIC || block.getInt(8) != 1) {
        throw new IOException("inode " + inode.number() + " has an xattr block that is not one");
      }
      entries(block, 32, block, xattrs);
    }
    return xattrs;
  }

  /** The entries of an xattr area from {@code first}, their values at offsets into {@code values}. */
  private static void entries(ByteBuffer area, int first, ByteBuffer values, Map<String, String> into)
      throws IOException {
    int at = first;
    while (at + 4 <= area.capacity() && area.getInt(at) != 0) {
      if (at + 16 > area.capacity()) {
        throw new IOException("an xattr entry runs past its area");
      }
      int nameLength = area.get(at) & 0xff;
      int index = area.get(at + 1) & 0xff;
      int valueOffset = area.getShort(at + 2) & 0xffff;
      long valueInode = area.getInt(at + 4) & 0xffffffffL;
      long valueSize = area.getInt(at + 8) & 0xffffffffL;
      if (at + 16 + nameLength > area.capacity() || valueInode != 0 || valueOffset + valueSize > values.capacity()) {
        throw new IOException("an xattr entry is malformed, or keeps its value in an inode of its own");
      }
      byte[] name = new byte[nameLength];
      area.get(at + 16, name);
      byte[] value = new byte[(int) valueSize];
      values.get(valueOffset, value);
      String prefix = switch (index) {
        case 1 -> "user.";
        case 2 -> "system.posix_acl_access";
        case 3 -> "system.posix_acl_default";
        case 4 -> "trusted.";
        case 6 -> "security.";
        case 7 -> "system.";
        case 8 -> "system.richacl";
        default -> throw new IOException("an xattr has the unknown name index " + index);
      };
      into.put(prefix + EntryPaths.decode(name), HexFormat.of().formatHex(index == 2 || index == 3 ? vfsAcl(value) : value));
      at += (16 + nameLength + 3) & ~3;
    }
  }

  /**
   * A POSIX ACL in the form the VFS (getfattr, tar) shows: ext4 stores version 1 with the ids of
   * named users and groups only; the VFS form is version 2, every entry 8 bytes, unnamed ids -1.
   */
  private static byte[] vfsAcl(byte[] stored) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN);
    if (stored.length < 4 || in.getInt() != ACL_VERSION_EXT4) {
      throw new IOException("a POSIX ACL is not in ext4's version 1 form");
    }
    ByteBuffer out = ByteBuffer.allocate(4 + (stored.length - 4) * 2).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(ACL_VERSION_VFS);
    while (in.remaining() >= 4) {
      int tag = in.getShort() & 0xffff;
      int permissions = in.getShort() & 0xffff;
      boolean named = tag == 0x02 || tag == 0x08;
      if (named && in.remaining() < 4) {
        throw new IOException("a POSIX ACL entry is cut short");
      }
      out.putShort((short) tag).putShort((short) permissions).putInt(named ? in.getInt() : -1);
    }
    return java.util.Arrays.copyOf(out.array(), out.position());
  }
}
