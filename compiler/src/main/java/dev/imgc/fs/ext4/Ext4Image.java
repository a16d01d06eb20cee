package dev.imgc.fs.ext4;

import dev.imgc.fs.Entry;
import dev.imgc.fs.block.ImageSink;
import dev.imgc.fs.block.ImageWriter;
import dev.imgc.fs.block.LayoutException;
import dev.imgc.fs.ext4.InodePlan.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * An ext4 filesystem, writable by the kernel as a root: 4 KiB blocks, extents, flex_bg, a journal,
 * 256-byte inodes, metadata_csum (every superblock, descriptor, bitmap, inode, directory block,
 * extent block and attribute block checksummed), owners, modes, times, devices, fifos, short and
 * long symlinks, hard links, extended attributes and holes. Laid out first ({@link #layout}), then
 * written once, front to back, file bytes streamed; unused space and zero blocks are left as holes.
 * Directories are linear (the kernel indexes a directory when it grows past a block).
 */
public final class Ext4Image implements ImageWriter {
  public static final int BLOCK = 4096;
  static final int LOG_BLOCK = 12;
  static final int INODE_SIZE = 256;
  static final int EXTRA_ISIZE = 32;
  static final int FIRST_INODE = 11;
  static final int JOURNAL_INODE = 8;
  private static final int COPY_BUFFER = 1 << 20;

  private final Ext4Layout layout;
  private final int seed;

  private Ext4Image(Ext4Layout layout) {
    this.layout = layout;
    this.seed = Superblock.checksumSeed(layout.options.uuid());
  }

  /**
   * Lays the entries out (reading files once more when {@link Ext4Options#holes} asks to find their
   * holes); throws {@link LayoutException} with one sentence when ext4 cannot hold them or they do not fit.
   */
  public static Ext4Image layout(List<? extends Entry> entries, Ext4Options options) throws IOException {
    return new Ext4Image(Ext4Layout.of(entries, options));
  }

  @Override
  public long size() {
    long asked = layout.options.sizeBytes();
    return asked > 0 ? asked : layout.geometry.blocks() * BLOCK;
  }

  /** The filesystem's block count (less than the asked size when a last, partial group had no room for its tables). */
  public long blocks() {
    return layout.geometry.blocks();
  }

  @Override
  public void writeTo(ImageSink sink) throws IOException {
    new Pass(sink).write();
  }

  /** One forward pass over the image: inodes' blocks in allocation order, fixed metadata slotted in before them. */
  private final class Pass {
    private final ImageSink sink;
    private final long base;
    private final Geometry geometry = layout.geometry;
    private final byte[] buffer = new byte[COPY_BUFFER];
    private int nextGroup;

    Pass(ImageSink sink) {
      this.sink = sink;
      this.base = sink.position();
    }

    void write() throws IOException {
      for (InodePlan plan : layout.order) {
        writeData(plan);
        List<byte[]> tree = plan.tree.blockContents(Inode.seed(plan.number, seed));
        for (int i = 0; i < tree.size(); i++) {
          writeBlock(plan.tree.blocks().get(i), tree.get(i));
        }
        if (plan.writesXattrBlock) {
          writeBlock(plan.xattrBlock,
              XattrPlacement.block(plan.xattrKey, plan.xattrBlock, layout.xattrReferences.get(plan.xattrKey), seed));
        }
      }
      writeFixedBefore(Long.MAX_VALUE);
      sink.skipTo(base + size());
    }

    private void writeData(InodePlan plan) throws IOException {
      switch (plan.kind) {
        case JOURNAL -> writeBlock(plan.extents.get(0).physical(), JournalSuperblock.encode(layout.journalBlocks, layout.options.uuid()));
        case DIRECTORY -> writeBlocks(plan, plan.directory.blocks(Inode.seed(plan.number, seed)));
        case LONG_SYMLINK -> writeBlocks(plan, List.of(Arrays.copyOf(
            Ext4Layout.utf8(((Entry.Symlink) plan.entry).target()), BLOCK)));
        case FILE -> writeFile(plan);
        default -> { }
      }
    }

    /** Blocks given by logical index, each written where its extent put it. */
    private void writeBlocks(InodePlan plan, List<byte[]> blocks) throws IOException {
      for (Extent extent : plan.extents) {
        for (int i = 0; i < extent.length(); i++) {
          writeBlock(extent.physical() + i, blocks.get((int) extent.logical() + i));
        }
      }
    }

    private void writeBlock(long block, byte[] bytes) throws IOException {
      moveTo(block);
      sink.write(bytes);
    }

    private void moveTo(long block) throws IOException {
      writeFixedBefore(block);
      sink.skipTo(base + block * BLOCK);
    }

    /** Streams a file's data runs to their extents; what falls in holes must still read as zeros. */
    private void writeFile(InodePlan plan) throws IOException {
      Entry.RegularFile file = (Entry.RegularFile) plan.entry;
      long size = file.size();
      long position = 0;
      try (InputStream in = file.content().open()) {
        for (Extent extent : plan.extents) {
          long start = extent.logical() * BLOCK;
          skipZeros(in, start - position, file.path());
          long bytes = Math.min((long) extent.length() * BLOCK, size - start);
          moveTo(extent.physical());
          for (long left = bytes; left > 0; ) {
            int read = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
            if (read == 0) {
              throw changed(file.path());
            }
            writeSparse(read);
            left -= read;
          }
          position = start + bytes;
        }
        skipZeros(in, size - position, file.path());
        if (in.read() >= 0) {
          throw changed(file.path());
        }
      }
    }

    private IOException changed(String path) {
      return new IOException("'" + path + "' changed while it was written: it no longer has the size or the holes"
          + " it had when the filesystem was laid out");
    }

    private void skipZeros(InputStream in, long count, String path) throws IOException {
      for (long left = count; left > 0; ) {
        int read = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
        if (read == 0 || !DataRuns.isZero(buffer, read)) {
          throw changed(path);
        }
        left -= read;
      }
    }

    /** Writes {@code length} bytes, leaving whole zero blocks as holes. */
    private void writeSparse(int length) throws IOException {
      int runStart = 0;
      for (int at = 0; at < length; at += BLOCK) {
        int chunk = Math.min(BLOCK, length - at);
        if (chunk == BLOCK && isZeroBlock(at)) {
          sink.write(buffer, runStart, at - runStart);
          sink.skipTo(sink.position() + BLOCK);
          runStart = at + BLOCK;
        }
      }
      sink.write(buffer, runStart, length - runStart);
    }

    private boolean isZeroBlock(int at) {
      for (int i = at; i < at + BLOCK; i++) {
        if (buffer[i] != 0) {
          return false;
        }
      }
      return true;
    }

    /** Writes the superblock copies, descriptors, bitmaps and inode tables of every group starting before {@code block}. */
    private void writeFixedBefore(long block) throws IOException {
      while (nextGroup < geometry.groups() && geometry.groupStart(nextGroup) < block) {
        writeFixed(nextGroup++);
      }
    }

    private void writeFixed(int group) throws IOException {
      long start = geometry.groupStart(group);
      if (Geometry.hasSuperblock(group)) {
        Superblock superblock = new Superblock(geometry, layout.tables.freeBlocks(), layout.tables.freeInodes(),
            layout.options, journalRoot(), layout.journalBlocks * BLOCK);
        sink.skipTo(base + start * BLOCK + (group == 0 ? Superblock.SIZE : 0));
        sink.write(superblock.encode(group));
        sink.skipTo(base + (start + 1) * BLOCK);
        sink.write(layout.tables.descriptors());
      }
      if (isFlexLeader(group)) {
        int last = Math.min(geometry.groups(), group + flexStep());
        for (int g = group; g < last; g++) {
          sink.skipTo(base + geometry.blockBitmap(g) * BLOCK);
          sink.write(layout.tables.blockBitmap(g));
        }
        for (int g = group; g < last; g++) {
          sink.skipTo(base + geometry.inodeBitmap(g) * BLOCK);
          sink.write(layout.tables.inodeBitmap(g));
        }
        for (int g = group; g < last; g++) {
          writeInodeTable(g);
        }
      }
    }

    private int flexStep() {
      return 1 << geometry.logGroupsPerFlex();
    }

    private boolean isFlexLeader(int group) {
      return group % flexStep() == 0;
    }

    private byte[] journalRoot() {
      return layout.byNumber[JOURNAL_INODE].tree.root();
    }

    /** A group's inode table up to its last used inode; the rest stays a hole (zeros: unused inodes). */
    private void writeInodeTable(int group) throws IOException {
      int perGroup = geometry.inodesPerGroup();
      int perBlock = Geometry.INODES_PER_BLOCK;
      int last = layout.byNumber.length - 1;
      for (int i = 0; i < geometry.inodeTableBlocks(); i++) {
        int first = group * perGroup + i * perBlock + 1;
        if (first > last) {
          break;
        }
        byte[] block = new byte[BLOCK];
        for (int n = first; n < first + perBlock && n <= last; n++) {
          byte[] inode = inode(n);
          System.arraycopy(inode, 0, block, (n - first) * INODE_SIZE, INODE_SIZE);
        }
        sink.skipTo(base + (geometry.inodeTable(group) + i) * BLOCK);
        sink.write(block);
      }
    }

    private byte[] inode(int number) {
      InodePlan plan = layout.byNumber[number];
      if (plan == null) {
        return Inode.reserved(number, seed);
      }
      return plan.inode().encode(number, seed);
    }
  }
}
