package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Lists an EROFS filesystem from its superblock (at 1 KiB): the directories from the
 * root inode, each entry with its inode's (compact or extended) mode, owner, time and extended
 * attributes (inline and shared), and for a file its content, in whole blocks and an inline tail, or
 * lz4-compressed ({@link ErofsCompressedFile}). Chunk-based files are refused by name. Names of one
 * inode are hard links.
 */
final class ErofsReader {
  static final int MAGIC = 0xE0F5E1E2;
  private static final int SUPERBLOCK = 1024;
  /** 48-bit block addresses and a metadata box move what this reader reads: refused by name. */
  private static final int INCOMPAT_UNREAD = 0x80 | 0x100;
  /** Compressed data at the end of its cluster behind zeros, which is how imgc finds where it starts. */
  private static final int INCOMPAT_ZERO_PADDING = 0x1;
  private static final int FLAT_PLAIN = 0;
  private static final int FLAT_INLINE = 2;
  private static final int DIRENT = 12;
  private static final int MAX_TARGET = 4096;

  private final Region image;
  private final ReadScope scope;
  private final int blockBits;
  private final int blockSize;
  private final long metaStart;
  private final long xattrStart;
  private final long buildTime;
  private final boolean zeroPadding;

  private ErofsReader(Region image, ReadScope scope, int blockBits, long metaStart, long xattrStart, long buildTime,
      boolean zeroPadding) {
    this.image = image;
    this.scope = scope;
    this.blockBits = blockBits;
    this.blockSize = 1 << blockBits;
    this.zeroPadding = zeroPadding;
    this.metaStart = metaStart;
    this.xattrStart = xattrStart;
    this.buildTime = buildTime;
  }

  static boolean recognises(Region image) throws IOException {
    return image.holds(SUPERBLOCK, 128) && image.read(SUPERBLOCK, 4).getInt() == MAGIC;
  }

  /** Lists the filesystem as a part titled {@code title.apply("erofs")}. */
  static void read(Region image, UnaryOperator<String> title, ReadScope scope) throws IOException, InspectException {
    ByteBuffer superblock = image.read(SUPERBLOCK, 128);
    int blockBits = superblock.get(12) & 0xff;
    if (blockBits < 9 || blockBits > 16) {
      throw new InspectException("is an EROFS filesystem with an impossible block size of 2^" + blockBits + " bytes");
    }
    int incompat = superblock.getInt(80);
    if ((incompat & INCOMPAT_UNREAD) != 0 || (superblock.get(90) & 0xff) != 0) {
      throw new InspectException("is an EROFS filesystem with features imgc does not read (incompatible features 0x"
          + Integer.toHexString(incompat) + ")");
    }
    int blockSize = 1 << blockBits;
    PartBuilder part = scope.part(title.apply("erofs"));
    byte[] name = new byte[16];
    superblock.get(64, name);
    String label = new String(name, StandardCharsets.ISO_8859_1);
    part.row(Row.builder().put("label", label.indexOf('\0') < 0 ? label : label.substring(0, label.indexOf('\0')))
        .put("uuid", FilesystemFields.uuid(superblock, 48)).put("block-size", blockSize)
        .put("blocks", superblock.getInt(36) & 0xffffffffL).put("inodes", superblock.getLong(16)).build());
    ErofsReader reader = new ErofsReader(image, scope, blockBits, (superblock.getInt(40) & 0xffffffffL) * blockSize,
        (superblock.getInt(44) & 0xffffffffL) * blockSize, superblock.getLong(24), (incompat & INCOMPAT_ZERO_PADDING) != 0);
    reader.walk(superblock.getShort(14) & 0xffff, part);
    scope.add(part.build());
  }

  /** An inode: where it is, its size on disk with its xattrs, and the fields a listing shows. */
  private record Inode(long nid, long position, int inodeSize, int xattrSize, int layout, EntryType type, int mode,
      long uid, long gid, long size, long mtime, long union) {
    /** Where an inline tail starts: right after the inode and its xattrs. */
    long tail() {
      return position + inodeSize + xattrSize;
    }
  }

  private Inode inode(long nid) throws IOException, InspectException {
    long position = metaStart + nid * 32;
    if (nid < 0 || nid > (Long.MAX_VALUE - metaStart) / 32) {
      throw new IOException("an entry names inode " + nid);
    }
    ByteBuffer compact = image.read(position, 32);
    int format = compact.getShort(0) & 0xffff;
    boolean extended = (format & 1) != 0;
    int layout = format >>> 1 & 7;
    ByteBuffer raw = extended ? image.read(position, 64) : compact;
    int icount = raw.getShort(2) & 0xffff;
    int fullMode = raw.getShort(4) & 0xffff;
    EntryType type = FilesystemFields.type(nid, fullMode);
    long size = extended ? raw.getLong(8) : raw.getInt(8) & 0xffffffffL;
    if (size < 0) {
      throw new IOException("inode " + nid + " has a negative size");
    }
    long uid = extended ? raw.getInt(24) & 0xffffffffL : raw.getShort(24) & 0xffff;
    long gid = extended ? raw.getInt(28) & 0xffffffffL : raw.getShort(26) & 0xffff;
    long mtime = extended ? raw.getLong(32) : buildTime + (raw.getInt(12) & 0xffffffffL);
    int xattrSize = icount == 0 ? 0 : 12 + (icount - 1) * 4;
    return new Inode(nid, position, extended ? 64 : 32, xattrSize, layout, type, fullMode & 07777, uid, gid, size,
        mtime, raw.getInt(16) & 0xffffffffL);
  }

  /** A directory still to be read: its path and inode. */
  private record Pending(String path, long nid) {}

  private void walk(long rootNid, PartBuilder part) throws IOException, InspectException {
    Deque<Pending> directories = new ArrayDeque<>();
    directories.add(new Pending(".", rootNid));
    Set<Long> visited = new HashSet<>();
    Set<Long> listedFiles = new HashSet<>();
    while (!directories.isEmpty()) {
      Pending directory = directories.poll();
      if (!visited.add(directory.nid())) {
        throw new InspectException("is an EROFS filesystem whose directories form a loop at "
            + SafeText.escape(directory.path()));
      }
      Inode inode = inode(directory.nid());
      if (inode.type() != EntryType.DIR) {
        throw new IOException("the directory " + directory.path() + " has an inode that is not a directory's");
      }
      if (directory.path().equals(".")) {
        part.add(listed(".", inode));
      }
      for (long at = 0; at < inode.size(); at += blockSize) {
        int length = (int) Math.min(blockSize, inode.size() - at);
        byte[] block;
        try (InputStream in = data(directory.path(), inode, at)) {
          block = in.readNBytes(length);
        }
        readEntries(directory.path(), ByteBuffer.wrap(block).order(java.nio.ByteOrder.LITTLE_ENDIAN), part,
            directories, listedFiles);
      }
    }
  }

  /**
   * A directory block: 12-byte entries (inode, name offset, type), the first entry's name offset
   * saying how many there are, then the names, each running to the next one's offset (the last to
   * the end of the block or a NUL).
   */
  private void readEntries(String path, ByteBuffer block, PartBuilder part, Deque<Pending> directories,
      Set<Long> listedFiles) throws IOException, InspectException {
    int length = block.capacity();
    int first = length >= DIRENT ? block.getShort(8) & 0xffff : 0;
    if (first < DIRENT || first % DIRENT != 0 || first > length) {
      throw new IOException("a directory block of " + path + " is malformed");
    }
    int count = first / DIRENT;
    for (int i = 0; i < count; i++) {
      int start = block.getShort(i * DIRENT + 8) & 0xffff;
      int end = i + 1 < count ? block.getShort((i + 1) * DIRENT + 8) & 0xffff : length;
      if (start < first || end < start || end > length) {
        throw new IOException("a directory block of " + path + " has names out of order");
      }
      byte[] raw = new byte[end - start];
      block.get(start, raw);
      int nul = 0;
      while (nul < raw.length && raw[nul] != 0) {
        nul++;
      }
      String name = EntryPaths.decode(java.util.Arrays.copyOf(raw, nul));
      if (name.equals(".") || name.equals("..")) {
        continue;
      }
      if (name.isEmpty() || name.contains("/")) {
        throw new IOException("a directory of " + path + " holds the name \"" + SafeText.escape(name) + "\"");
      }
      String child = path.equals(".") ? name : path + "/" + name;
      addEntry(child, block.getLong(i * DIRENT), part, directories, listedFiles);
    }
  }

  private void addEntry(String path, long nid, PartBuilder part, Deque<Pending> directories, Set<Long> listedFiles)
      throws IOException, InspectException {
    Inode inode = inode(nid);
    if (inode.type() == null) {
      return; // a socket: no listing format shows one
    }
    ListedEntry entry = listed(path, inode);
    switch (inode.type()) {
      case DIR -> {
        part.add(entry);
        directories.add(new Pending(path, nid));
      }
      case FILE -> {
        if (!listedFiles.add(nid)) {
          part.addName(entry, nid); // another name of one inode: its content was read with the first
          return;
        }
        Digest.Result content;
        try (InputStream in = data(path, inode, 0)) {
          content = scope.file(path, in);
        }
        part.addName(ListedEntry.file(path, inode.mode(), inode.uid(), inode.gid(), content)
            .withMtime(inode.mtime()).withXattrs(entry.xattrs()), nid);
      }
      case SYMLINK -> {
        if (inode.size() > MAX_TARGET) {
          throw new IOException("the symlink " + path + " has a target of " + inode.size() + " bytes");
        }
        try (InputStream in = data(path, inode, 0)) {
          part.add(entry.withTarget(EntryPaths.decode(in.readNBytes((int) inode.size()))));
        }
      }
      case CHAR, BLOCK -> {
        long device = inode.union();
        part.add(entry.withDevice(device >>> 8 & 0xfff, device & 0xff | device >>> 12 & 0xfff00));
      }
      default -> part.add(entry);
    }
  }

  /**
   * An inode's data from byte {@code from}: whole blocks from its block address, then the inline tail;
   * or, compressed, decoded extent by extent.
   */
  private InputStream data(String path, Inode inode, long from) throws IOException, InspectException {
    if (inode.layout() == ErofsCompressedFile.COMPRESSED_FULL || inode.layout() == ErofsCompressedFile.COMPRESSED_COMPACT) {
      InputStream in = new ErofsCompressedFile(image, path, inode.layout(), blockBits, inode.tail(), inode.size(),
          zeroPadding);
      in.skipNBytes(from);
      return in;
    }
    if (inode.layout() != FLAT_PLAIN && inode.layout() != FLAT_INLINE) {
      throw new InspectException("is an EROFS filesystem keeping " + SafeText.escape(path)
          + " in chunks, which imgc does not read; it reads uncompressed and lz4-compressed EROFS (mkfs.erofs without"
          + " --chunksize)");
    }
    long size = inode.size();
    if (size == 0) {
      return InputStream.nullInputStream();
    }
    long tail = inode.layout() == FLAT_INLINE ? size % blockSize : 0;
    long whole = size - tail;
    long start = inode.union() * blockSize;
    if (tail > 0 && inode.tail() % blockSize + tail > blockSize) {
      throw new IOException("the inline tail of " + path + " crosses a block");
    }
    InputStream blocks = from < whole ? image.stream(start + from, whole - from) : InputStream.nullInputStream();
    InputStream inline = tail > 0 ? image.stream(inode.tail() + Math.max(0, from - whole), tail - Math.max(0, from - whole))
        : InputStream.nullInputStream();
    return new SequenceInputStream(blocks, inline);
  }

  private ListedEntry listed(String path, Inode inode) throws IOException {
    return ListedEntry.of(path, inode.type(), inode.mode(), inode.uid(), inode.gid()).withMtime(inode.mtime())
        .withXattrs(xattrs(inode));
  }

  /** The inline xattrs after the inode, and the shared ones its header names: name to hex value. */
  private Map<String, String> xattrs(Inode inode) throws IOException {
    Map<String, String> xattrs = new TreeMap<>();
    if (inode.xattrSize() == 0) {
      return xattrs;
    }
    long base = inode.position() + inode.inodeSize();
    ByteBuffer body = image.read(base, inode.xattrSize());
    int shared = body.get(4) & 0xff;
    if (12 + shared * 4 > inode.xattrSize()) {
      throw new IOException("inode " + inode.nid() + " names more shared xattrs than its xattr area holds");
    }
    for (int i = 0; i < shared; i++) {
      long id = body.getInt(12 + i * 4) & 0xffffffffL;
      ByteBuffer head = image.read(xattrStart + id * 4, 4);
      int length = 4 + (head.get(0) & 0xff) + (head.getShort(2) & 0xffff);
      entry(image.read(xattrStart + id * 4, length), 0, xattrs);
    }
    int at = 12 + shared * 4;
    while (at + 4 <= inode.xattrSize()) {
      at = entry(body, at, xattrs);
    }
    return xattrs;
  }

  /** Reads the xattr entry at {@code at} into {@code into}; where the next one starts. */
  private static int entry(ByteBuffer area, int at, Map<String, String> into) throws IOException {
    int nameLength = area.get(at) & 0xff;
    int index = area.get(at + 1) & 0xff;
    int valueSize = area.getShort(at + 2) & 0xffff;
    if (at + 4 + nameLength + valueSize > area.capacity()) {
      throw new IOException("an xattr entry runs past its area");
    }
    String prefix = switch (index) {
      case 1 -> "user.";
      case 2 -> "system.posix_acl_access";
      case 3 -> "system.posix_acl_default";
      case 4 -> "trusted.";
      case 5 -> "lustre.";
      case 6 -> "security.";
      default -> throw new IOException("an xattr has the name index " + index + ", which imgc does not read");
    };
    byte[] name = new byte[nameLength];
    area.get(at + 4, name);
    byte[] value = new byte[valueSize];
    area.get(at + 4 + nameLength, value);
    into.put(prefix + EntryPaths.decode(name), HexFormat.of().formatHex(value));
    return at + ((4 + nameLength + valueSize + 3) & ~3);
  }
}
