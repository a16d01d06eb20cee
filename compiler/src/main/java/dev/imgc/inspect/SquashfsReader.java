package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Lists a squashfs 4.0 filesystem from its superblock: the directory table walked from the root
 * inode, each entry with its inode's mode, owner (through the id table), time, extended attributes
 * (through the xattr id table), and for a file its content, read block by block with the tail from
 * its fragment. Names of one inode are hard links. Every reference is checked against the image
 * and the tables before it is followed.
 */
final class SquashfsReader {
  static final int MAGIC = 0x73717368;
  private static final int SUPERBLOCK = 96;
  private static final long NONE = 0xffffffffL;
  private static final int MAX_NAME = 256;
  private static final int MAX_TARGET = 4096;
  private static final int MAX_XATTR_VALUE = 65536;
  private static final int IDS_PER_BLOCK = SquashfsMetadata.BLOCK / 4;
  private static final int FRAGMENTS_PER_BLOCK = SquashfsMetadata.BLOCK / 16;
  private static final int XATTR_IDS_PER_BLOCK = SquashfsMetadata.BLOCK / 16;
  private static final String[] XATTR_PREFIXES = {"user.", "trusted.", "security."};

  private final Region image;
  private final ReadScope scope;
  private final SquashfsMetadata metadata;
  private final SquashfsCodec codec;
  private final int blockSize;
  private final long inodeTable;
  private final long directoryTable;
  private final long fragmentTable;
  private final long fragmentCount;
  private final long xattrIdTable;
  private final long[] ids;

  private SquashfsReader(Region image, ReadScope scope, ByteBuffer superblock, SquashfsCodec codec)
      throws IOException, InspectException {
    this.image = image;
    this.scope = scope;
    this.codec = codec;
    this.metadata = new SquashfsMetadata(image, codec, scope.budget());
    this.blockSize = superblock.getInt(12);
    this.inodeTable = superblock.getLong(64);
    this.directoryTable = superblock.getLong(72);
    this.fragmentTable = superblock.getLong(80);
    this.fragmentCount = superblock.getInt(16) & NONE;
    this.xattrIdTable = superblock.getLong(56);
    this.ids = readIds(superblock.getShort(26) & 0xffff, superblock.getLong(48));
  }

  static boolean recognises(Region image) throws IOException {
    return image.holds(0, SUPERBLOCK) && image.read(0, 4).getInt() == MAGIC;
  }

  /** Lists the filesystem as a part titled {@code title.apply("squashfs (COMPRESSION)")}. */
  static void read(Region image, UnaryOperator<String> title, ReadScope scope) throws IOException, InspectException {
    ByteBuffer superblock = image.read(0, SUPERBLOCK);
    int major = superblock.getShort(28) & 0xffff;
    int minor = superblock.getShort(30) & 0xffff;
    if (major != 4 || minor != 0) {
      throw new InspectException("is a squashfs filesystem of version " + major + "." + minor + "; imgc reads 4.0");
    }
    int blockSize = superblock.getInt(12);
    int blockLog = superblock.getShort(22) & 0xffff;
    if (blockSize < 4096 || blockSize > 1 << 20 || blockLog > 20 || 1 << blockLog != blockSize) {
      throw new InspectException("is a squashfs filesystem with an impossible block size of " + blockSize + " bytes");
    }
    SquashfsCodec codec = SquashfsCodec.of(superblock.getShort(20) & 0xffff);
    PartBuilder part = scope.part(title.apply("squashfs (" + codec.label + ")"));
    part.row(Row.builder().put("compression", codec.label).put("block-size", blockSize)
        .put("inodes", superblock.getInt(4) & NONE).put("bytes-used", superblock.getLong(40))
        .put("mtime", superblock.getInt(8) & NONE).build());
    new SquashfsReader(image, scope, superblock, codec).walk(superblock.getLong(32), part);
    scope.add(part.build());
  }

  /** An inode's fields that a listing shows, and where a directory's entries are. */
  private record Inode(EntryType type, int mode, long uid, long gid, long mtime, long number, long xattr,
      ByteBuffer rest, SquashfsMetadata.Cursor cursor) {}

  /** A directory still to be read: its path and inode reference. */
  private record Pending(String path, long reference) {}

  private void walk(long rootReference, PartBuilder part) throws IOException, InspectException {
    Deque<Pending> directories = new ArrayDeque<>();
    directories.add(new Pending(".", rootReference));
    Set<Long> visited = new HashSet<>();
    Set<Long> listedInodes = new HashSet<>();
    while (!directories.isEmpty()) {
      Pending directory = directories.poll();
      if (!visited.add(directory.reference())) {
        throw new InspectException("is a squashfs filesystem whose directories form a loop at "
            + SafeText.escape(directory.path()));
      }
      Inode inode = inode(directory.reference());
      if (inode.type() != EntryType.DIR) {
        throw new IOException("the directory " + directory.path() + " has an inode that is not a directory's");
      }
      if (directory.path().equals(".")) {
        part.add(listed(".", inode));
      }
      readDirectory(directory.path(), inode, part, directories, listedInodes);
    }
  }

  /** Reads a directory's entries: headers each naming an inode block, then up to 256 entries in it. */
  private void readDirectory(String path, Inode directory, PartBuilder part, Deque<Pending> directories,
      Set<Long> listedInodes) throws IOException, InspectException {
    ByteBuffer fields = directory.rest();
    boolean extended = fields.capacity() > 16;
    long start = extended ? fields.getInt(8) & NONE : fields.getInt(0) & NONE;
    long size = extended ? fields.getInt(4) & NONE : fields.getShort(8) & 0xffff;
    int offset = extended ? fields.getShort(18) & 0xffff : fields.getShort(10) & 0xffff;
    long remaining = size - 3; // the size counts "." and ".." that are not stored
    if (remaining <= 0) {
      return;
    }
    SquashfsMetadata.Cursor cursor = metadata.at(directoryTable + start, offset);
    while (remaining > 0) {
      long count = cursor.u32() + 1;
      long inodeBlock = cursor.u32();
      long baseNumber = cursor.u32();
      remaining -= 12;
      if (count > 256) {
        throw new IOException("a directory header of " + path + " says it has " + count + " entries");
      }
      for (long i = 0; i < count; i++) {
        int inodeOffset = cursor.u16();
        cursor.u16(); // the inode number's difference from the header's: the inode holds its number
        cursor.u16(); // the entry's type: the inode's is the one used
        int nameLength = cursor.u16() + 1;
        if (nameLength > MAX_NAME) {
          throw new IOException("a name in " + path + " is " + nameLength + " bytes long");
        }
        String name = EntryPaths.decode(cursor.bytes(nameLength));
        remaining -= 8 + nameLength;
        if (name.equals(".") || name.equals("..") || name.contains("/") || name.indexOf('\0') >= 0) {
          throw new IOException("a directory of " + path + " holds the name \"" + SafeText.escape(name) + "\"");
        }
        String child = path.equals(".") ? name : path + "/" + name;
        long reference = inodeBlock << 16 | inodeOffset;
        Inode inode = inode(reference);
        if (inode.type() == null) {
          continue; // a socket: no listing format shows one, and no writer keeps one
        }
        if (inode.type() == EntryType.DIR) {
          part.add(listed(child, inode));
          directories.add(new Pending(child, reference));
        } else if (inode.type() == EntryType.FILE) {
          addFile(child, inode, part, listedInodes);
        } else {
          part.add(listed(child, inode));
        }
      }
    }
    if (remaining < 0) {
      throw new IOException("the entries of " + path + " run past its size");
    }
  }

  private void addFile(String path, Inode inode, PartBuilder part, Set<Long> listedInodes)
      throws IOException, InspectException {
    ByteBuffer fields = inode.rest();
    boolean extended = fields.capacity() > 16;
    long blocksStart = extended ? fields.getLong(0) : fields.getInt(0) & NONE;
    long size = extended ? fields.getLong(8) : fields.getInt(12) & NONE;
    long fragment = extended ? fields.getInt(28) & NONE : fields.getInt(4) & NONE;
    long fragmentOffset = extended ? fields.getInt(32) & NONE : fields.getInt(8) & NONE;
    if (size < 0) {
      throw new IOException(path + " has a negative size");
    }
    ListedEntry entry = listed(path, inode);
    if (!listedInodes.add(inode.number())) {
      part.addName(entry, inode.number()); // another name of one inode: its content was read with the first
      return;
    }
    Digest.Result content;
    try (InputStream in = scope.budget().counting(new SquashfsFile(path, size, blocksStart, fragment, fragmentOffset,
        inode.cursor()))) {
      content = scope.file(path, in);
    }
    ListedEntry file = ListedEntry.file(path, inode.mode(), inode.uid(), inode.gid(), content)
        .withMtime(inode.mtime()).withXattrs(entry.xattrs());
    part.addName(file, inode.number());
  }

  private ListedEntry listed(String path, Inode inode) throws IOException {
    ListedEntry entry = ListedEntry.of(path, inode.type(), inode.mode(), inode.uid(), inode.gid())
        .withMtime(inode.mtime()).withXattrs(xattrs(inode.xattr()));
    ByteBuffer fields = inode.rest();
    return switch (inode.type()) {
      case SYMLINK -> {
        long length = fields.getInt(4) & NONE;
        if (length > MAX_TARGET) {
          throw new IOException("the symlink " + path + " has a target of " + length + " bytes");
        }
        yield entry.withTarget(EntryPaths.decode(inode.cursor().bytes((int) length)));
      }
      case CHAR, BLOCK -> {
        long device = fields.getInt(4) & NONE;
        yield entry.withDevice(device >>> 8 & 0xfff, device & 0xff | device >>> 12 & 0xfff00);
      }
      default -> entry;
    };
  }

  /**
   * The inode at {@code reference} (its metadata block from the inode table's start, and the
   * offset in it): the common header, then the type's fixed fields in {@code rest}; the cursor is
   * left after them, where a file's block sizes or a symlink's target follow.
   */
  private Inode inode(long reference) throws IOException {
    long block = reference >>> 16;
    if (block > NONE || inodeTable + block >= directoryTable) {
      throw new IOException("an inode reference points outside the inode table");
    }
    SquashfsMetadata.Cursor cursor = metadata.at(inodeTable + block, (int) (reference & 0xffff));
    ByteBuffer header = cursor.read(16);
    int kind = header.getShort(0) & 0xffff;
    int mode = header.getShort(2) & 07777;
    long uid = id(header.getShort(4) & 0xffff);
    long gid = id(header.getShort(6) & 0xffff);
    long mtime = header.getInt(8) & NONE;
    long number = header.getInt(12) & NONE;
    // the fixed fields of each type after the header, and where its xattr index is
    int length;
    int xattrAt;
    EntryType type;
    switch (kind) {
      case 1 -> { type = EntryType.DIR; length = 16; xattrAt = -1; }
      case 8 -> { type = EntryType.DIR; length = 24; xattrAt = 20; }
      case 2 -> { type = EntryType.FILE; length = 16; xattrAt = -1; }
      case 9 -> { type = EntryType.FILE; length = 40; xattrAt = 36; }
      case 3, 10 -> { type = EntryType.SYMLINK; length = 8; xattrAt = -1; }
      case 4, 11, 5, 12 -> {
        type = kind == 4 || kind == 11 ? EntryType.BLOCK : EntryType.CHAR;
        length = kind > 7 ? 12 : 8; xattrAt = kind > 7 ? 8 : -1;
      }
      case 6, 13 -> { type = EntryType.FIFO; length = kind > 7 ? 8 : 4; xattrAt = kind > 7 ? 4 : -1; }
      case 7, 14 -> { type = null; length = kind > 7 ? 8 : 4; xattrAt = kind > 7 ? 4 : -1; }
      default -> throw new IOException("an inode has the unknown type " + kind);
    }
    ByteBuffer rest = cursor.read(length);
    long xattr = xattrAt < 0 ? NONE : rest.getInt(xattrAt) & NONE;
    if (kind == 10) {
      // an extended symlink's xattr index follows its target
      long targetLength = rest.getInt(4) & NONE;
      if (targetLength <= MAX_TARGET) {
        SquashfsMetadata.Cursor after = metadata.at(inodeTable + block, (int) (reference & 0xffff));
        after.read(16 + 8 + (int) targetLength);
        xattr = after.u32();
      }
    }
    return new Inode(type, mode, uid, gid, mtime, number, xattr, rest, cursor);
  }

  private long id(int index) throws IOException {
    if (index >= ids.length) {
      throw new IOException("an inode names owner id " + index + " of " + ids.length);
    }
    return ids[index];
  }

  private long[] readIds(int count, long table) throws IOException {
    long[] read = new long[count];
    for (int i = 0; i < count; i += IDS_PER_BLOCK) {
      long block = image.read(table + (long) i / IDS_PER_BLOCK * 8, 8).getLong();
      SquashfsMetadata.Cursor cursor = metadata.at(block, 0);
      for (int j = i; j < Math.min(count, i + IDS_PER_BLOCK); j++) {
        read[j] = cursor.u32();
      }
    }
    return read;
  }

  /** The extended attributes of xattr id {@code index}, name to hex value; empty for none. */
  private Map<String, String> xattrs(long index) throws IOException {
    Map<String, String> xattrs = new TreeMap<>();
    if (index == NONE) {
      return xattrs;
    }
    if (xattrIdTable == -1) {
      throw new IOException("an inode names xattrs, but the filesystem has none");
    }
    ByteBuffer table = image.read(xattrIdTable, 16);
    long keyValues = table.getLong(0);
    long count = table.getInt(8) & NONE;
    if (index >= count) {
      throw new IOException("an inode names xattr id " + index + " of " + count);
    }
    long block = image.read(xattrIdTable + 16 + index / XATTR_IDS_PER_BLOCK * 8, 8).getLong();
    ByteBuffer id = metadata.at(block, (int) (index % XATTR_IDS_PER_BLOCK * 16)).read(16);
    long reference = id.getLong(0);
    long pairs = id.getInt(8) & NONE;
    if (pairs > 65536) {
      throw new IOException("xattr id " + index + " says it has " + pairs + " attributes");
    }
    SquashfsMetadata.Cursor cursor = metadata.at(keyValues + (reference >>> 16), (int) (reference & 0xffff));
    for (long i = 0; i < pairs; i++) {
      int type = cursor.u16();
      int nameLength = cursor.u16();
      if ((type & 0xff) >= XATTR_PREFIXES.length || nameLength > 255) {
        throw new IOException("an xattr has the unknown prefix " + type + " or a name of " + nameLength + " bytes");
      }
      String name = XATTR_PREFIXES[type & 0xff] + EntryPaths.decode(cursor.bytes(nameLength));
      byte[] value = value(cursor);
      if ((type & 0x100) != 0) {
        // stored elsewhere: the value is a reference to it
        if (value.length != 8) {
          throw new IOException("an out-of-line xattr value has a reference of " + value.length + " bytes");
        }
        long where = ByteBuffer.wrap(value).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        value = value(metadata.at(keyValues + (where >>> 16), (int) (where & 0xffff)));
      }
      xattrs.put(name, HexFormat.of().formatHex(value));
    }
    return xattrs;
  }

  private static byte[] value(SquashfsMetadata.Cursor cursor) throws IOException {
    long length = cursor.u32();
    if (length > MAX_XATTR_VALUE) {
      throw new IOException("an xattr value is " + length + " bytes long");
    }
    return cursor.bytes((int) length);
  }

  /**
   * A file's content: its full blocks, stored one after the other from {@code blocksStart} (each
   * compressed, stored as it is, or a hole of zeros), then the tail from a fragment block unless
   * the file has none. The block sizes follow the inode in the inode table.
   */
  private final class SquashfsFile extends BulkInputStream {
    private static final int STORED = 1 << 24;
    private final String path;
    private long remaining;
    private final long fragment;
    private final long fragmentOffset;
    private final SquashfsMetadata.Cursor sizes;
    private long next;
    private byte[] current = new byte[0];
    private int at;

    SquashfsFile(String path, long size, long blocksStart, long fragment, long fragmentOffset,
        SquashfsMetadata.Cursor sizes) {
      this.path = path;
      this.remaining = size;
      this.next = blocksStart;
      this.fragment = fragment;
      this.fragmentOffset = fragmentOffset;
      this.sizes = sizes;
    }

    @Override
    public int read(byte[] bytes, int off, int len) throws IOException {
      if (at == current.length) {
        if (remaining == 0) {
          return -1;
        }
        current = remaining < blockSize && fragment != NONE ? tail() : nextBlock();
        at = 0;
        remaining -= current.length;
      }
      int n = Math.min(len, current.length - at);
      System.arraycopy(current, at, bytes, off, n);
      at += n;
      return n;
    }

    private byte[] nextBlock() throws IOException {
      int expected = (int) Math.min(blockSize, remaining);
      long entry = sizes.u32();
      int stored = (int) (entry & (STORED - 1));
      if (stored == 0) {
        return new byte[expected]; // a hole
      }
      if (stored > blockSize) {
        throw new IOException("a block of " + path + " is stored in " + stored + " bytes, more than a block");
      }
      byte[] data = ChunkedDisk.bytes(image, next, stored);
      next += stored;
      byte[] block = (entry & STORED) != 0 ? data : codec.decompress(data, blockSize);
      if (block.length != expected) {
        throw new IOException("a block of " + path + " holds " + block.length + " bytes, not " + expected);
      }
      return block;
    }

    private byte[] tail() throws IOException {
      if (fragment >= fragmentCount) {
        throw new IOException(path + " names fragment " + fragment + " of " + fragmentCount);
      }
      long block = image.read(fragmentTable + fragment / FRAGMENTS_PER_BLOCK * 8, 8).getLong();
      ByteBuffer entry = metadata.at(block, (int) (fragment % FRAGMENTS_PER_BLOCK * 16)).read(16);
      long start = entry.getLong(0);
      long stored = entry.getInt(8) & (STORED - 1);
      if (stored == 0 || stored > blockSize) {
        throw new IOException("fragment " + fragment + " is stored in " + stored + " bytes");
      }
      byte[] data = ChunkedDisk.bytes(image, start, (int) stored);
      byte[] fragmentBlock = (entry.getInt(8) & STORED) != 0 ? data : codec.decompress(data, blockSize);
      if (fragmentOffset + remaining > fragmentBlock.length) {
        throw new IOException("the tail of " + path + " lies past the end of its fragment");
      }
      return java.util.Arrays.copyOfRange(fragmentBlock, (int) fragmentOffset, (int) (fragmentOffset + remaining));
    }
  }
}
