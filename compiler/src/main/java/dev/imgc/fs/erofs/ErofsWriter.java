package dev.imgc.fs.erofs;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.block.InodeTree;
import dev.imgc.fs.block.LayoutException;
import dev.imgc.fs.erofs.DirectoryBlocks.Dirent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an EROFS image, as the Linux kernel mounts it and erofs-utils' {@code fsck.erofs}
 * checks it: 4 KiB blocks; the superblock at 1 KiB with its CRC32C; the inodes from block 1 on, each
 * followed by its extended attributes and, when they fit in the same block, the last partial block of
 * its data ({@code FLAT_INLINE}), else that block among the data ({@code FLAT_PLAIN}); then every
 * file's, directory's and long symlink's full blocks, in entry order. Compact 32-byte inodes where they
 * hold everything (the image's time as mtime, 16-bit owners and link counts, sizes below 4 GiB),
 * extended 64-byte ones elsewhere, so every mtime and owner is kept exactly. Hard links are one inode
 * under several names; devices, fifos and symlinks are inodes without blocks or with their target as
 * data.
 *
 * <p>Every position is known from the entries before a byte is written (sizes, names and xattrs are
 * metadata), so file bytes stream from each entry's {@code Content} straight to their place; memory
 * holds the tree's metadata and one directory's listing at a time. Blocks of zeros are left as holes in
 * the output file. Nothing comes from a clock or a random source: the time, the UUID and the volume
 * name are the caller's.
 *
 * <p>With {@link ErofsCompression#LZ4}, regular files of two blocks or more are lz4-compressed
 * instead ({@link CompressedFile}): their maps (a fixed 8 bytes per 4 KiB of the file) are laid out
 * with the inodes, and their blocks, whose number is known only once compressed, follow every other
 * block, in entry order. The image then has the {@code LZ4_0PADDING} feature, which kernels from 5.3
 * on read (with {@code CONFIG_EROFS_FS_ZIP}).
 *
 * <p>Attributes carried by more than two inodes are kept once, in the shared xattr area after the
 * inodes ({@link SharedXattrs}), and named by id.
 *
 * <p>The layout follows the kernel's {@code fs/erofs/erofs_fs.h}; no chunked files or extra devices are
 * used, so an uncompressed image needs no incompatible feature and any kernel with
 * erofs (5.4 on) mounts it.
 */
public final class ErofsWriter {
  /** The block size: the page size of the machines erofs images are read on. */
  static final int BLOCK_SIZE = 4096;
  /** The longest name a directory entry holds ({@code EROFS_NAME_LEN}). */
  static final int MAX_NAME_BYTES = 255;
  /** The longest symlink target Linux reads back ({@code PATH_MAX} less the terminating zero). */
  static final int MAX_TARGET_BYTES = 4095;
  /** Where the superblock is, leaving room for a boot sector. */
  static final int SUPERBLOCK_OFFSET = 1024;
  /** The first block of inodes: block 0 holds only the superblock, so its checksum covers nothing else. */
  static final int META_BLOCK = 1;

  private static final int SLOT = 32;
  private static final int COMPACT_INODE = 32;
  private static final int EXTENDED_INODE = 64;
  private static final int FLAT_PLAIN = 0;
  private static final int COMPRESSED_COMPACT = 3;
  private static final int FLAT_INLINE = 2;
  private static final int NO_BLOCK = -1;
  /** File bytes are copied this many blocks at a time. */
  private static final int CHUNK_BLOCKS = 64;
  private static final byte[] ZEROS = new byte[BLOCK_SIZE];

  // directory entry types, the kernel's FT_* numbers
  private static final int FT_REGULAR = 1;
  private static final int FT_DIRECTORY = 2;
  private static final int FT_CHARACTER = 3;
  private static final int FT_BLOCK = 4;
  private static final int FT_FIFO = 5;
  private static final int FT_SYMLINK = 7;

  /**
   * @param time the image's build time: every compact inode's mtime, and the root directory's
   * @param uuid the filesystem's UUID
   * @param volumeName its label, at most 15 bytes of UTF-8
   * @param compression how regular files' data is kept
   */
  public record Options(long time, UUID uuid, String volumeName, ErofsCompression compression) {
    public Options {
      if (volumeName.getBytes(StandardCharsets.UTF_8).length > 15) {
        throw new IllegalArgumentException("an erofs volume name is at most 15 bytes, not '" + volumeName + "'");
      }
    }

    /** An image whose files are kept uncompressed. */
    public Options(long time, UUID uuid, String volumeName) {
      this(time, uuid, volumeName, ErofsCompression.NONE);
    }

    public static Options of(long time, UUID uuid) {
      return new Options(time, uuid, "");
    }

    public Options withCompression(ErofsCompression compression) {
      return new Options(time, uuid, volumeName, compression);
    }
  }

  private final Options options;
  private final FileChannel out;
  private final List<Node> inodes = new ArrayList<>();
  private final byte[] chunk = new byte[CHUNK_BLOCKS * BLOCK_SIZE];
  private final CompressedFile compressor;
  /** The attributes that many inodes carry, kept once after the inodes. */
  private SharedXattrs shared;
  /** The next block for compressed files' data, which follows every block laid out beforehand. */
  private long compressedEnd;

  private ErofsWriter(Options options, FileChannel out) {
    this.options = options;
    this.out = out;
    this.compressor = options.compression() == ErofsCompression.LZ4 ? new CompressedFile(out) : null;
  }

  /**
   * Writes {@code entries} (parents before children, each path once) as an erofs image into the empty
   * file open as {@code out}.
   *
   * @throws LayoutException before anything is written, when an entry cannot be held (a name longer
   *     than 255 bytes, a symlink target longer than 4,095, an xattr erofs has no namespace for, an
   *     image past 16 TiB)
   */
  public static void write(List<Entry> entries, Options options, FileChannel out) throws IOException {
    new ErofsWriter(options, out).write(entries);
  }

  /** One inode and its place once laid out. */
  private static final class Node extends InodeTree.Inode<Node> {
    int number;
    long size;
    byte[] xattrs;
    boolean extended;
    int layout;
    long nid;
    long block = NO_BLOCK;
    /** The blocks a compressed file's data takes. */
    long compressedBlocks;

    Node(Entry entry, Metadata metadata) {
      super(entry, metadata);
    }

    int inodeSize() {
      return extended ? EXTENDED_INODE : COMPACT_INODE;
    }

    /** The bytes of its last block that do not fill one, kept after the inode when it is inline. */
    int tail() {
      return (int) (size % BLOCK_SIZE);
    }

    long fullBlocks() {
      return size / BLOCK_SIZE;
    }

    /**
     * The blocks it has among the data laid out beforehand: its full blocks, and its tail's when that
     * is not inline; none for a compressed file, whose blocks are known once it is written.
     */
    long dataBlocks() {
      return layout == COMPRESSED_COMPACT ? 0 : layout == FLAT_INLINE ? fullBlocks() : (size + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    /** The inode, its xattrs and its inline tail or compressed data's map: what is kept at its nid. */
    long recordSize() {
      long end = inodeSize() + xattrs.length;
      return end + (layout == FLAT_INLINE ? tail() : layout == COMPRESSED_COMPACT ? CompressedFile.mapSize(end, size) : 0);
    }
  }

  private void write(List<Entry> entries) throws IOException {
    Node root = new Node(null, new Metadata(0755, 0, 0, options.time()));
    Map<String, Node> byPath = tree(entries, root);
    inodes.add(root);
    for (Entry entry : entries) {
      Node node = byPath.get(entry.path());
      if (!(entry instanceof Entry.HardLink)) {
        inodes.add(node);
      }
    }
    shared = SharedXattrs.of(inodes.stream().map(node -> node.metadata().xattrs()).toList());
    long metaBytes = layOutInodes();
    long xattrBlock = META_BLOCK + (metaBytes + BLOCK_SIZE - 1) / BLOCK_SIZE;
    long dataBlock = xattrBlock + shared.blocks(BLOCK_SIZE);
    long mostCompressed = 0; // compressed data never takes more blocks than the same bytes uncompressed
    for (Node node : inodes) {
      if (node.dataBlocks() > 0) {
        node.block = dataBlock;
        dataBlock += node.dataBlocks();
      } else if (node.layout == COMPRESSED_COMPACT) {
        mostCompressed += CompressedFile.clusters(node.size);
      }
    }
    if (dataBlock + mostCompressed > 0xFFFFFFFFL) {
      throw new LayoutException("the tree needs " + (dataBlock + mostCompressed) + " blocks of 4 KiB, more than the "
          + "2^32 an erofs image addresses (16 TiB); make it smaller");
    }
    compressedEnd = dataBlock;
    writeAt(shared.area(), xattrBlock * BLOCK_SIZE);
    for (Node node : inodes) {
      writeInode(node);
    }
    long end = compressedEnd * BLOCK_SIZE;
    if (out.size() < end) {
      writeAt(new byte[1], end - 1); // a trailing hole still belongs to the image
    }
    writeAt(ErofsSuperblock.encode(options, root.nid, inodes.size(), compressedEnd,
        shared.area().length > 0 ? xattrBlock : 0), SUPERBLOCK_OFFSET);
  }

  // ---- the tree

  private static Map<String, Node> tree(List<Entry> entries, Node root) {
    for (Entry entry : entries) {
      if (entry instanceof Entry.Symlink link && link.target().getBytes(StandardCharsets.UTF_8).length > MAX_TARGET_BYTES) {
        throw new LayoutException("the symlink " + entry.path() + " points to a target longer than the "
            + MAX_TARGET_BYTES + " bytes Linux reads back; shorten it");
      }
    }
    return InodeTree.build(entries, root, MAX_NAME_BYTES, "erofs", Node::new);
  }

  // ---- layout

  /**
   * Gives every inode its size, form and nid ({@link MetadataArea}), the root first, at nid 0 (the
   * superblock holds its nid in 16 bits). Returns the bytes the inodes take.
   */
  private long layOutInodes() throws IOException {
    MetadataArea area = new MetadataArea(BLOCK_SIZE);
    int number = 0;
    for (Node node : inodes) {
      node.number = ++number;
      node.size = size(node);
      node.xattrs = InlineXattrs.body(node.metadata().xattrs(), shared, node.path());
      Metadata m = node.metadata();
      node.extended = m.mtimeSeconds() != options.time() || (m.uid() & 0xFFFF0000) != 0 || (m.gid() & 0xFFFF0000) != 0
          || node.size > 0xFFFFFFFFL || links(node) > 0xFFFF;
      boolean inline = node.tail() > 0 && node.inodeSize() + node.xattrs.length + node.tail() <= BLOCK_SIZE;
      node.layout = compressed(node) ? COMPRESSED_COMPACT : inline ? FLAT_INLINE : FLAT_PLAIN;
      node.nid = area.place(node.recordSize()) / SLOT;
    }
    return area.size();
  }

  /**
   * Whether a node's data is compressed, when the image is: a regular file of two blocks or more; one
   * between one and two blocks when lz4 packs it whole into one block (read once more here to know),
   * which then saves its inline tail; never a smaller one, which one block cannot beat.
   */
  private boolean compressed(Node node) throws IOException {
    if (compressor == null || !(node.entry() instanceof Entry.RegularFile file) || node.size <= BLOCK_SIZE) {
      return false;
    }
    if (node.size >= 2L * BLOCK_SIZE) {
      return true;
    }
    try (InputStream in = file.content().open()) {
      return compressor.fitsOneBlock(file.path(), in, (int) node.size);
    }
  }

  private static long size(Node node) {
    if (node.isDirectory()) {
      List<Integer> lengths = new ArrayList<>(List.of(1, 2));
      node.children().keySet().forEach(name -> lengths.add(name.getBytes(StandardCharsets.UTF_8).length));
      return DirectoryBlocks.size(lengths, BLOCK_SIZE);
    }
    if (node.entry() instanceof Entry.RegularFile file) {
      return file.size();
    } else if (node.entry() instanceof Entry.Symlink link) {
      return link.target().getBytes(StandardCharsets.UTF_8).length;
    }
    return 0;
  }

  private static int links(Node node) {
    return node.isDirectory() ? 2 + node.subdirectories() : node.links();
  }

  // ---- writing

  private void writeInode(Node node) throws IOException {
    byte[] tail;
    if (node.isDirectory()) {
      tail = writeData(listing(node), node);
    } else if (node.entry() instanceof Entry.RegularFile file && node.layout == COMPRESSED_COMPACT) {
      tail = new byte[0];
      writeCompressed(node, file);
    } else if (node.entry() instanceof Entry.RegularFile file) {
      tail = writeFile(node, file);
    } else if (node.entry() instanceof Entry.Symlink link) {
      tail = writeData(link.target().getBytes(StandardCharsets.UTF_8), node);
    } else {
      tail = new byte[0];
    }
    ByteBuffer record = ByteBuffer.allocate(node.inodeSize() + node.xattrs.length + tail.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    inode(node, record);
    record.put(node.xattrs).put(tail);
    writeAt(record.array(), (long) META_BLOCK * BLOCK_SIZE + node.nid * SLOT);
  }

  /** The inode itself, compact or extended ({@code struct erofs_inode_compact}, {@code _extended}). */
  private void inode(Node node, ByteBuffer record) {
    Metadata m = node.metadata();
    int format = node.layout << 1 | (node.extended ? 1 : 0);
    int mode = typeBits(node) | m.mode();
    int address = (int) node.block;
    if (node.entry() instanceof Entry.Device device) {
      address = encodeDevice(device.major(), device.minor());
    }
    if (node.layout == COMPRESSED_COMPACT) {
      address = (int) node.compressedBlocks;
    }
    short icount = (short) InlineXattrs.count(node.xattrs.length);
    if (node.extended) {
      record.putShort((short) format).putShort(icount).putShort((short) mode).putShort((short) 0).putLong(node.size)
          .putInt(address).putInt(node.number).putInt(m.uid()).putInt(m.gid()).putLong(m.mtimeSeconds()).putInt(0)
          .putInt(links(node)).put(new byte[16]);
    } else {
      record.putShort((short) format).putShort(icount).putShort((short) mode).putShort((short) links(node))
          .putInt((int) node.size).putInt(0).putInt(address).putInt(node.number).putShort((short) m.uid())
          .putShort((short) m.gid()).putInt(0);
    }
  }

  /** A directory's listing: its children and {@code .} and {@code ..}, sorted, in blocks. */
  private static byte[] listing(Node directory) {
    List<Dirent> entries = new ArrayList<>();
    entries.add(new Dirent(".".getBytes(StandardCharsets.US_ASCII), directory.nid, FT_DIRECTORY));
    entries.add(new Dirent("..".getBytes(StandardCharsets.US_ASCII), directory.parent().nid, FT_DIRECTORY));
    directory.children().forEach((name, child) ->
        entries.add(new Dirent(name.getBytes(StandardCharsets.UTF_8), child.nid, fileType(child))));
    return DirectoryBlocks.encode(DirectoryBlocks.sorted(entries), BLOCK_SIZE);
  }

  private byte[] writeData(byte[] data, Node node) throws IOException {
    int inlined = node.layout == FLAT_INLINE ? node.tail() : 0;
    if (data.length > inlined) {
      writeAt(Arrays.copyOf(data, data.length - inlined), node.block * BLOCK_SIZE);
    }
    return Arrays.copyOfRange(data, data.length - inlined, data.length);
  }

  /** Streams a file's bytes to its blocks, leaving blocks of zeros as holes; returns its inline tail. */
  private byte[] writeFile(Node node, Entry.RegularFile file) throws IOException {
    long remaining = node.layout == FLAT_INLINE ? node.fullBlocks() * BLOCK_SIZE : file.size();
    long at = node.block * BLOCK_SIZE;
    byte[] tail;
    try (InputStream in = file.content().open()) {
      while (remaining > 0) {
        int length = (int) Math.min(chunk.length, remaining);
        readFully(in, chunk, length, file);
        writeNonZero(length, at);
        at += length;
        remaining -= length;
      }
      tail = new byte[node.layout == FLAT_INLINE ? node.tail() : 0];
      readFully(in, tail, tail.length, file);
      if (in.read() >= 0) {
        throw changed(file.path(), file.size());
      }
    }
    return tail;
  }

  /**
   * Compresses a file's data to the blocks after the last compressed file's. When lz4 saved nothing
   * anywhere in it, every extent is a plain block from the file's start on, which is the bytes of an
   * uncompressed file: the inode says so instead ({@code FLAT_PLAIN}), so it reads without the
   * decompressor, and the map it does not use is zeroed.
   */
  private void writeCompressed(Node node, Entry.RegularFile file) throws IOException {
    long mapAt = (long) META_BLOCK * BLOCK_SIZE + node.nid * SLOT + node.inodeSize() + node.xattrs.length;
    CompressedFile.Written written;
    try (InputStream in = file.content().open()) {
      written = compressor.write(file.path(), in, node.size, compressedEnd, mapAt);
    }
    compressedEnd += written.blocks();
    if (written.compressed()) {
      node.compressedBlocks = written.blocks();
    } else {
      node.layout = FLAT_PLAIN;
      node.block = written.firstBlock();
      long mapSize = CompressedFile.mapSize(node.inodeSize() + node.xattrs.length, node.size);
      for (long at = 0; at < mapSize; at += BLOCK_SIZE) {
        writeAt(out, ZEROS, 0, (int) Math.min(BLOCK_SIZE, mapSize - at), mapAt + at);
      }
    }
  }

  /** Writes the runs of blocks of {@code chunk} that are not all zeros. */
  private void writeNonZero(int length, long at) throws IOException {
    int start = -1;
    for (int block = 0; block * BLOCK_SIZE < length; block++) {
      int from = block * BLOCK_SIZE;
      int to = Math.min(length, from + BLOCK_SIZE);
      boolean zero = Arrays.mismatch(chunk, from, to, ZEROS, 0, to - from) < 0;
      if (!zero && start < 0) {
        start = from;
      } else if (zero && start >= 0) {
        writeAt(chunk, start, from - start, at + start);
        start = -1;
      }
    }
    if (start >= 0) {
      writeAt(chunk, start, length - start, at + start);
    }
  }

  private static void readFully(InputStream in, byte[] buffer, int length, Entry.RegularFile file) throws IOException {
    if (in.readNBytes(buffer, 0, length) != length) {
      throw changed(file.path(), file.size());
    }
  }

  static IOException changed(String path, long size) {
    return new IOException(path + " changed while it was written: it is no longer " + size + " bytes long");
  }

  // ---- types

  private static int fileType(Node node) {
    if (node.isDirectory()) {
      return FT_DIRECTORY;
    }
    Entry entry = node.entry();
    if (entry instanceof Entry.RegularFile) {
      return FT_REGULAR;
    } else if (entry instanceof Entry.Symlink) {
      return FT_SYMLINK;
    } else if (entry instanceof Entry.Device device) {
      return device.kind() == Entry.DeviceKind.BLOCK ? FT_BLOCK : FT_CHARACTER;
    } else if (entry instanceof Entry.Fifo) {
      return FT_FIFO;
    }
    throw new IllegalStateException("no erofs type for " + entry);
  }

  /** The file type bits of an inode's mode ({@code S_IFREG} …). */
  private static int typeBits(Node node) {
    return switch (fileType(node)) {
      case FT_DIRECTORY -> 0040000;
      case FT_REGULAR -> 0100000;
      case FT_SYMLINK -> 0120000;
      case FT_BLOCK -> 0060000;
      case FT_CHARACTER -> 0020000;
      default -> 0010000;
    };
  }

  /** The kernel's {@code new_encode_dev}: the minor's low 8 bits, the major, then the minor's other bits. */
  private static int encodeDevice(int major, int minor) {
    return (minor & 0xFF) | (major << 8) | ((minor & ~0xFF) << 12);
  }

  private void writeAt(byte[] bytes, long at) throws IOException {
    writeAt(out, bytes, 0, bytes.length, at);
  }

  private void writeAt(byte[] bytes, int offset, int length, long at) throws IOException {
    writeAt(out, bytes, offset, length, at);
  }

  static void writeAt(FileChannel out, byte[] bytes, long at) throws IOException {
    writeAt(out, bytes, 0, bytes.length, at);
  }

  static void writeAt(FileChannel out, byte[] bytes, int offset, int length, long at) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
    long position = at;
    while (buffer.hasRemaining()) {
      position += out.write(buffer, position);
    }
  }
}
