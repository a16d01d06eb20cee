package dev.imgc.fs.squashfs;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.Xattr;
import dev.imgc.fs.block.InodeTree;
import dev.imgc.fs.block.LayoutException;
import dev.imgc.fs.compress.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a squashfs 4.0 image, as the Linux kernel mounts it and {@code unsquashfs} reads it: file
 * data in blocks of {@link Options#blockSize}, each compressed on its own ({@link BlockCompressor}),
 * the tails of files packed into shared fragment blocks, identical files stored once (their
 * blocks shared, found by size and SHA-256), all-zero blocks left as holes, hard links as one inode
 * with several names, xattrs in the user, trusted and security namespaces, uids and gids through the
 * id table. File data streams from each entry's {@code Content} into the image in entry order; the
 * inode and directory tables, built in memory (metadata only), follow it, and the superblock is
 * written last, at the start. The image ends padded to 4 KiB, as mksquashfs pads it. Nothing comes
 * from a clock: the image's time is {@link Options#time}.
 *
 * <p>The layout follows the kernel's {@code fs/squashfs/squashfs_fs.h}: superblock; data and fragment
 * blocks; inode table; directory table; fragment table; id table; xattr table. No export table (NFS
 * export of the image) is written.
 */
public final class SquashfsWriter {
  /** mksquashfs's default block size. */
  public static final int DEFAULT_BLOCK_SIZE = 128 * 1024;
  /** Squashfs pads an image to a multiple of this, so that a block device of 4 KiB sectors holds it all. */
  static final int PADDING = 4096;
  /** The longest name a directory entry holds ({@code SQUASHFS_NAME_LEN}). */
  static final int MAX_NAME_BYTES = 256;

  private static final int MAGIC = 0x73717368;
  private static final int SUPERBLOCK_SIZE = 96;
  private static final long NO_TABLE = -1L;
  private static final int NONE32 = 0xFFFFFFFF;
  private static final int UNCOMPRESSED_DATA_BLOCK = 1 << 24;
  private static final int DIRECTORY_HEADER_ENTRIES = 256;

  // superblock flags (squashfs_fs.h)
  private static final int UNCOMPRESSED_INODES = 0x1;
  private static final int UNCOMPRESSED_DATA = 0x2;
  private static final int UNCOMPRESSED_FRAGMENTS = 0x8;
  private static final int DUPLICATES = 0x40;
  private static final int UNCOMPRESSED_XATTRS = 0x100;
  private static final int NO_XATTRS = 0x200;
  private static final int UNCOMPRESSED_IDS = 0x800;

  // inode types: the basic ones, and each extended one is the basic plus 7
  private static final int DIRECTORY = 1;
  private static final int FILE = 2;
  private static final int SYMLINK = 3;
  private static final int BLOCK_DEVICE = 4;
  private static final int CHARACTER_DEVICE = 5;
  private static final int FIFO = 6;
  private static final int EXTENDED = 7;

  /**
   * @param compression how blocks are compressed ({@code none} stores them as they are)
   * @param blockSize the data block size, a power of two from 4 KiB to 1 MiB
   * @param time the image's time (the superblock's) and the root directory's
   */
  public record Options(Compression compression, int blockSize, long time) {
    public Options {
      if (Integer.bitCount(blockSize) != 1 || blockSize < 4096 || blockSize > 1 << 20) {
        throw new IllegalArgumentException("a squashfs block size is a power of two from 4096 to 1048576, not " + blockSize);
      }
    }

    public static Options of(Compression compression, long time) {
      return new Options(compression, DEFAULT_BLOCK_SIZE, time);
    }
  }

  private final Options options;
  private final BlockCompressor compressor;
  private final FileChannel out;
  private long position = SUPERBLOCK_SIZE;
  private final byte[] fragment;
  private int fragmentLength;
  private final List<long[]> fragments = new ArrayList<>();
  private final Map<String, FileData> stored = new HashMap<>();
  private final Map<Integer, Integer> ids = new LinkedHashMap<>();
  private final Map<List<Xattr>, Integer> xattrSets = new LinkedHashMap<>();
  private int inodeCount;

  private SquashfsWriter(Options options, FileChannel out) {
    this.options = options;
    this.compressor = BlockCompressor.of(options.compression());
    this.out = out;
    this.fragment = new byte[options.blockSize()];
  }

  /**
   * Writes {@code entries} (parents before children, each path once) as a squashfs image into the
   * empty file open as {@code out}.
   *
   * @throws LayoutException before anything is written, when an entry cannot be held (a name too long,
   *     an xattr outside the namespaces squashfs has, more than 65,536 owners)
   */
  public static void write(List<Entry> entries, Options options, FileChannel out) throws IOException {
    new SquashfsWriter(options, out).write(entries);
  }

  /** Where a regular file's bytes are: its blocks from {@code start}, and its tail in a fragment. */
  private record FileData(long start, int[] blocks, long sparse, int fragmentIndex, int fragmentOffset) {}

  /** One inode of the tree and where it is written. */
  private static final class Node extends InodeTree.Inode<Node> {
    int number;
    long reference = -1;
    FileData data;

    Node(Entry entry, Metadata metadata) {
      super(entry, metadata);
    }
  }

  private void write(List<Entry> entries) throws IOException {
    Node root = new Node(null, new Metadata(0755, 0, 0, options.time()));
    Map<String, Node> byPath = tree(entries, root);
    for (Entry entry : entries) {
      if (entry instanceof Entry.RegularFile file) {
        byPath.get(file.path()).data = storeData(file);
      }
    }
    flushFragment();
    number(root);
    MetadataStream inodes = new MetadataStream(compressor, options.blockSize());
    MetadataStream directories = new MetadataStream(compressor, options.blockSize());
    MetadataStream xattrs = new MetadataStream(compressor, options.blockSize());
    MetadataStream xattrIds = new MetadataStream(compressor, options.blockSize());
    writeDirectory(root, inodeCount + 1, inodes, directories, xattrs, xattrIds);

    long inodeTable = append(inodes.finish());
    long directoryTable = append(directories.finish());
    long fragmentTable = indexedTable(fragments.stream().map(SquashfsWriter::fragmentEntry).toList());
    long idTable = indexedTable(ids.keySet().stream().map(id -> le(4).putInt(id).array()).toList());
    long xattrTable = NO_TABLE;
    if (!xattrSets.isEmpty()) {
      long keysAndValues = append(xattrs.finish());
      long idStart = append(xattrIds.finish());
      List<Long> idBlocks = xattrIds.blockStarts();
      xattrTable = position;
      ByteBuffer header = le(16 + 8 * idBlocks.size()).putLong(keysAndValues).putInt(xattrSets.size()).putInt(0);
      idBlocks.forEach(block -> header.putLong(idStart + block));
      append(header.array());
    }
    long bytesUsed = position;
    long padded = (bytesUsed + PADDING - 1) / PADDING * PADDING;
    if (padded > bytesUsed) {
      writeAt(new byte[(int) (padded - bytesUsed)], bytesUsed);
    }
    out.truncate(padded);
    writeAt(superblock(root, bytesUsed, idTable, xattrTable, inodeTable, directoryTable, fragmentTable), 0);
  }

  // ---- the tree

  private Map<String, Node> tree(List<Entry> entries, Node root) {
    Map<String, Node> byPath = InodeTree.build(entries, root, MAX_NAME_BYTES, "squashfs", Node::new);
    for (Entry entry : entries) {
      entry.metadata().xattrs().forEach(xattr -> type(xattr, entry.path()));
      Node node = byPath.get(entry.path());
      id(node.metadata().uid());
      id(node.metadata().gid());
    }
    return byPath;
  }

  /** Numbers the inodes as they are written, children before their directory: the root is the last. */
  private void number(Node directory) {
    for (Node child : directory.children().values()) {
      if (child.isDirectory()) {
        number(child);
      } else if (child.number == 0) {
        child.number = ++inodeCount;
      }
    }
    directory.number = ++inodeCount;
  }

  private int id(int id) {
    Integer index = ids.get(id);
    if (index == null) {
      if (ids.size() == 65536) {
        throw new LayoutException("the tree has more than 65,536 distinct owners and groups, more than squashfs holds");
      }
      index = ids.size();
      ids.put(id, index);
    }
    return index;
  }

  // ---- file data

  private FileData storeData(Entry.RegularFile file) throws IOException {
    int blockSize = options.blockSize();
    long full = file.size() / blockSize;
    int tail = (int) (file.size() % blockSize);
    if (full > Integer.MAX_VALUE / 4) {
      throw new LayoutException(file.path() + " is too large for one squashfs file");
    }
    long start = position;
    int[] blocks = new int[(int) full];
    long sparse = 0;
    byte[] block = new byte[blockSize];
    MessageDigest sha256 = sha256();
    try (InputStream in = file.content().open()) {
      for (int i = 0; i < full; i++) {
        readFully(in, block, blockSize, file);
        sha256.update(block, 0, blockSize);
        if (isZero(block, blockSize)) {
          sparse += blockSize;
          continue;
        }
        blocks[i] = storeBlock(block, blockSize);
      }
      readFully(in, block, tail, file);
      sha256.update(block, 0, tail);
      if (in.read() >= 0) {
        throw changed(file);
      }
    }
    String key = file.size() + " " + java.util.HexFormat.of().formatHex(sha256.digest());
    FileData same = stored.get(key);
    if (same != null) {
      position = start; // the blocks just written are the earlier file's: they are written over
      return same;
    }
    int fragmentIndex = NONE32;
    int fragmentOffset = 0;
    if (tail > 0) {
      if (fragmentLength + tail > blockSize) {
        flushFragment();
      }
      fragmentIndex = fragments.size();
      fragmentOffset = fragmentLength;
      System.arraycopy(block, 0, fragment, fragmentLength, tail);
      fragmentLength += tail;
    }
    FileData data = new FileData(start, blocks, sparse, fragmentIndex, fragmentOffset);
    stored.put(key, data);
    return data;
  }

  /** Writes a block, compressed when that makes it smaller; returns its entry in a block list. */
  private int storeBlock(byte[] block, int length) throws IOException {
    Optional<byte[]> compressed = options.compression() == Compression.NONE ? Optional.empty()
        : compressor.compress(block, length, options.blockSize());
    byte[] bytes = compressed.orElseGet(() -> Arrays.copyOf(block, length));
    append(bytes);
    return compressed.isPresent() ? bytes.length : bytes.length | UNCOMPRESSED_DATA_BLOCK;
  }

  private void flushFragment() throws IOException {
    if (fragmentLength == 0) {
      return;
    }
    long start = position;
    int size = storeBlock(fragment, fragmentLength);
    fragments.add(new long[] {start, size});
    fragmentLength = 0;
  }

  private static byte[] fragmentEntry(long[] fragment) {
    return le(16).putLong(fragment[0]).putInt((int) fragment[1]).putInt(0).array();
  }

  private static void readFully(InputStream in, byte[] block, int length, Entry.RegularFile file) throws IOException {
    if (in.readNBytes(block, 0, length) != length) {
      throw changed(file);
    }
  }

  private static IOException changed(Entry.RegularFile file) {
    return new IOException(file.path() + " changed while it was written: it is no longer " + file.size() + " bytes long");
  }

  private static boolean isZero(byte[] block, int length) {
    for (int i = 0; i < length; i++) {
      if (block[i] != 0) {
        return false;
      }
    }
    return true;
  }

  // ---- inodes and directories

  /** Writes the inodes under {@code directory}, its listing and its own inode; returns nothing but sets its reference. */
  private void writeDirectory(Node directory, int parentNumber, MetadataStream inodes, MetadataStream listings,
      MetadataStream xattrs, MetadataStream xattrIds) {
    for (Node child : directory.children().values()) {
      if (child.isDirectory()) {
        writeDirectory(child, directory.number, inodes, listings, xattrs, xattrIds);
      } else if (child.reference < 0) {
        child.reference = inodes.reference();
        inodes.write(inode(child, xattrId(child, xattrs, xattrIds)));
      }
    }
    int listingBlock = listings.storedBlockStart();
    int listingOffset = listings.offsetInBlock();
    long listingSize = writeListing(directory, listings);
    int xattr = xattrId(directory, xattrs, xattrIds);
    directory.reference = inodes.reference();
    ByteBuffer inode;
    long fileSize = listingSize + 3;
    int links = 2 + directory.subdirectories();
    if (xattr == NONE32 && fileSize <= 0xFFFF) {
      inode = header(directory, DIRECTORY, 16).putInt(listingBlock).putInt(links).putShort((short) fileSize)
          .putShort((short) listingOffset).putInt(parentNumber);
    } else {
      inode = header(directory, DIRECTORY + EXTENDED, 24).putInt(links).putInt((int) fileSize).putInt(listingBlock)
          .putInt(parentNumber).putShort((short) 0).putShort((short) listingOffset).putInt(xattr);
    }
    inodes.write(inode.array());
  }

  /** A directory's entries, in runs under headers that share an inode block and a base inode number; returns its size. */
  private long writeListing(Node directory, MetadataStream listings) {
    List<Map.Entry<String, Node>> entries = new ArrayList<>(directory.children().entrySet());
    long size = 0;
    int at = 0;
    while (at < entries.size()) {
      Node first = entries.get(at).getValue();
      long block = first.reference >>> 16;
      int end = at;
      while (end < entries.size() && end - at < DIRECTORY_HEADER_ENTRIES) {
        Node node = entries.get(end).getValue();
        int delta = node.number - first.number;
        if (node.reference >>> 16 != block || delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
          break;
        }
        end++;
      }
      byte[] header = le(12).putInt(end - at - 1).putInt((int) block).putInt(first.number).array();
      listings.write(header);
      size += header.length;
      for (int i = at; i < end; i++) {
        Node node = entries.get(i).getValue();
        byte[] name = entries.get(i).getKey().getBytes(StandardCharsets.UTF_8);
        byte[] entry = le(8 + name.length).putShort((short) (node.reference & 0xFFFF))
            .putShort((short) (node.number - first.number)).putShort((short) basicType(node))
            .putShort((short) (name.length - 1)).put(name).array();
        listings.write(entry);
        size += entry.length;
      }
      at = end;
    }
    return size;
  }

  private byte[] inode(Node node, int xattr) {
    boolean extended = xattr != NONE32;
    Entry entry = node.entry();
    if (entry instanceof Entry.RegularFile file) {
      FileData data = node.data;
      extended |= node.links() > 1 || data.start() > 0xFFFFFFFFL || file.size() > 0xFFFFFFFFL || data.sparse() > 0;
      int blocks = 4 * data.blocks().length;
      ByteBuffer inode;
      if (extended) {
        inode = header(node, FILE + EXTENDED, 40 + blocks).putLong(data.start()).putLong(file.size())
            .putLong(data.sparse()).putInt(node.links()).putInt(data.fragmentIndex()).putInt(data.fragmentOffset())
            .putInt(xattr);
      } else {
        inode = header(node, FILE, 16 + blocks).putInt((int) data.start()).putInt(data.fragmentIndex())
            .putInt(data.fragmentOffset()).putInt((int) file.size());
      }
      for (int block : data.blocks()) {
        inode.putInt(block);
      }
      return inode.array();
    }
    int type = basicType(node);
    if (entry instanceof Entry.Symlink link) {
      byte[] target = link.target().getBytes(StandardCharsets.UTF_8);
      ByteBuffer inode = header(node, type + (extended ? EXTENDED : 0), 8 + target.length + (extended ? 4 : 0))
          .putInt(node.links()).putInt(target.length).put(target);
      return (extended ? inode.putInt(xattr) : inode).array();
    }
    int extra = entry instanceof Entry.Device ? 4 : 0;
    ByteBuffer inode = header(node, type + (extended ? EXTENDED : 0), 4 + extra + (extended ? 4 : 0)).putInt(node.links());
    if (entry instanceof Entry.Device device) {
      inode.putInt(encodeDevice(device.major(), device.minor()));
    }
    return (extended ? inode.putInt(xattr) : inode).array();
  }

  /** The kernel's {@code new_encode_dev}: the minor's low 8 bits, the major, then the minor's other bits. */
  static int encodeDevice(int major, int minor) {
    return (minor & 0xFF) | (major << 8) | ((minor & ~0xFF) << 12);
  }

  private static int basicType(Node node) {
    Entry entry = node.entry();
    if (node.isDirectory()) {
      return DIRECTORY;
    } else if (entry instanceof Entry.RegularFile) {
      return FILE;
    } else if (entry instanceof Entry.Symlink) {
      return SYMLINK;
    } else if (entry instanceof Entry.Device device) {
      return device.kind() == Entry.DeviceKind.BLOCK ? BLOCK_DEVICE : CHARACTER_DEVICE;
    } else if (entry instanceof Entry.Fifo) {
      return FIFO;
    }
    throw new IllegalStateException("no squashfs inode for " + entry);
  }

  /** The file type bits of a mode ({@code S_IFDIR} …), for the basic inode type. */
  private static int typeBits(int type) {
    return switch (type) {
      case DIRECTORY -> 0040000;
      case FILE -> 0100000;
      case SYMLINK -> 0120000;
      case BLOCK_DEVICE -> 0060000;
      case CHARACTER_DEVICE -> 0020000;
      default -> 0010000;
    };
  }

  /** An inode's common header (type, mode, owner and group ids, time, number) in a buffer of {@code 16 + rest} bytes. */
  private ByteBuffer header(Node node, int type, int rest) {
    Metadata m = node.metadata();
    int basic = type > EXTENDED ? type - EXTENDED : type;
    long mtime = Math.max(0, Math.min(0xFFFFFFFFL, m.mtimeSeconds()));
    return le(16 + rest).putShort((short) type).putShort((short) (typeBits(basic) | m.mode()))
        .putShort((short) (int) ids.get(m.uid())).putShort((short) (int) ids.get(m.gid())).putInt((int) mtime)
        .putInt(node.number);
  }

  // ---- xattrs

  /** The squashfs type of an xattr's namespace: user 0, trusted 1, security 2, the only ones it has. */
  private static int type(Xattr xattr, String path) {
    return switch (xattr.namespace()) {
      case USER -> 0;
      case TRUSTED -> 1;
      case SECURITY -> 2;
      default -> throw new LayoutException("squashfs holds xattrs in the user, trusted and security namespaces only, not "
          + xattr.name() + " of " + path + "; remove it, or write another format");
    };
  }

  /** The index of {@code node}'s xattr set in the xattr id table, written there on first use; none when it has none. */
  private int xattrId(Node node, MetadataStream keysAndValues, MetadataStream idTable) {
    List<Xattr> set = node.metadata().xattrs();
    if (set.isEmpty()) {
      return NONE32;
    }
    Integer known = xattrSets.get(set);
    if (known != null) {
      return known;
    }
    long reference = keysAndValues.reference();
    int size = 0;
    String path = node.path();
    for (Xattr xattr : set) {
      byte[] name = xattr.suffix();
      byte[] value = xattr.value();
      byte[] pair = le(8 + name.length + value.length).putShort((short) type(xattr, path))
          .putShort((short) name.length).put(name).putInt(value.length).put(value).array();
      keysAndValues.write(pair);
      size += pair.length;
    }
    idTable.write(le(16).putLong(reference).putInt(set.size()).putInt(size).array());
    int id = xattrSets.size();
    xattrSets.put(set, id);
    return id;
  }

  // ---- the image

  /** A table of fixed-size entries in metadata blocks, then the positions of those blocks; returns where they are. */
  private long indexedTable(List<byte[]> entries) throws IOException {
    if (entries.isEmpty()) {
      return position;
    }
    MetadataStream table = new MetadataStream(compressor, options.blockSize());
    entries.forEach(table::write);
    byte[] blocks = table.finish();
    long start = append(blocks);
    List<Long> starts = table.blockStarts();
    ByteBuffer index = le(8 * starts.size());
    starts.forEach(block -> index.putLong(start + block));
    return append(index.array());
  }

  private byte[] superblock(Node root, long bytesUsed, long idTable, long xattrTable, long inodeTable,
      long directoryTable, long fragmentTable) {
    int flags = DUPLICATES | (xattrSets.isEmpty() ? NO_XATTRS : 0);
    if (options.compression() == Compression.NONE) {
      flags |= UNCOMPRESSED_INODES | UNCOMPRESSED_DATA | UNCOMPRESSED_FRAGMENTS | UNCOMPRESSED_XATTRS | UNCOMPRESSED_IDS;
    }
    long time = Math.max(0, Math.min(0xFFFFFFFFL, options.time()));
    return le(SUPERBLOCK_SIZE).putInt(MAGIC).putInt(inodeCount).putInt((int) time).putInt(options.blockSize())
        .putInt(fragments.size()).putShort((short) compressor.id)
        .putShort((short) Integer.numberOfTrailingZeros(options.blockSize())).putShort((short) flags)
        .putShort((short) ids.size()).putShort((short) 4).putShort((short) 0).putLong(root.reference)
        .putLong(bytesUsed).putLong(idTable).putLong(xattrTable).putLong(inodeTable).putLong(directoryTable)
        .putLong(fragments.isEmpty() ? NO_TABLE : fragmentTable).putLong(NO_TABLE).array();
  }

  /** Writes {@code bytes} at the end of what is written; returns where they start. */
  private long append(byte[] bytes) throws IOException {
    long start = position;
    writeAt(bytes, start);
    position += bytes.length;
    return start;
  }

  private void writeAt(byte[] bytes, long at) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long offset = at;
    while (buffer.hasRemaining()) {
      offset += out.write(buffer, offset);
    }
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

}
