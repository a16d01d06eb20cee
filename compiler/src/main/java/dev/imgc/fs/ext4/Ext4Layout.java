package dev.imgc.fs.ext4;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.block.FileTree;
import dev.imgc.fs.block.FileTree.Node;
import dev.imgc.fs.block.LayoutException;
import dev.imgc.fs.ext4.InodePlan.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ext4 filesystem laid out before a byte is written: inode numbers in tree order (2 the root, 8
 * the journal, 11 lost+found, then 12…), every directory's blocks, every file's data runs, and a
 * size: given, or the contents plus free space. Blocks are then handed out front to back in the
 * order the image is written: journal, root, lost+found, then each entry's data, extent tree and
 * attribute block.
 */
final class Ext4Layout {
  static final int ROOT = 2;
  static final int LOST_FOUND = 11;
  private static final String LOST_FOUND_NAME = "lost+found";
  private static final int LOST_FOUND_BLOCKS = 4;
  private static final int MAX_LINKS = 65000;
  private static final int MAX_NAME = 255;
  private static final int SHORT_SYMLINK = 60;
  private static final long MAX_FILE_BLOCKS = 1L << 32;
  private static final long BYTES_PER_INODE = 16384;

  final Ext4Options options;
  final Geometry geometry;
  /** The inodes in the order their blocks were given, which is the order they are written. */
  final List<InodePlan> order;
  /** The inodes by number; null where none (reserved numbers). */
  final InodePlan[] byNumber;
  final Map<ByteBuffer, Integer> xattrReferences;
  final GroupTables tables;
  final long journalBlocks;

  private Ext4Layout(Ext4Options options, Geometry geometry, List<InodePlan> order, InodePlan[] byNumber,
      Map<ByteBuffer, Integer> xattrReferences, long highWaterMark, long journalBlocks) {
    this.options = options;
    this.geometry = geometry;
    this.order = order;
    this.byNumber = byNumber;
    this.xattrReferences = xattrReferences;
    this.journalBlocks = journalBlocks;
    int[] directories = new int[geometry.groups()];
    for (InodePlan plan : order) {
      if (plan.kind == Kind.DIRECTORY) {
        directories[(plan.number - 1) / geometry.inodesPerGroup()]++;
      }
    }
    this.tables = new GroupTables(geometry, highWaterMark, byNumber.length - 1, directories,
        Superblock.checksumSeed(options.uuid()));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Lays the entries out; refuses, with one sentence, what ext4 cannot hold or what does not fit. */
  static Ext4Layout of(List<? extends Entry> entries, Ext4Options options) throws IOException {
    Node root = FileTree.build(entries);
    long time = options.timeSeconds();
    InodePlan journal = new InodePlan(Ext4Image.JOURNAL_INODE, Kind.JOURNAL, null, new Metadata(0600, 0, 0, time));
    InodePlan rootPlan = new InodePlan(ROOT, Kind.DIRECTORY, null, options.root());
    List<InodePlan> order = new ArrayList<>(List.of(journal, rootPlan));
    Map<Node, InodePlan> byNode = new IdentityHashMap<>();
    byNode.put(root, rootPlan);
    Node userLostFound = root.children().stream().filter(c -> c.name().equals(LOST_FOUND_NAME)).findFirst().orElse(null);
    InodePlan lostFound = null;
    if (userLostFound == null) {
      lostFound = new InodePlan(LOST_FOUND, Kind.DIRECTORY, null, new Metadata(0700, 0, 0, time));
      order.add(lostFound);
    } else if (!userLostFound.isDirectory()) {
      throw new LayoutException("'lost+found' is not a directory; ext4 keeps a directory of that name at its root"
          + " for fsck, so remove or rename it");
    }
    int next = LOST_FOUND + 1;
    for (Node node : inEntryOrder(root, entries)) {
      checkName(node);
      Entry entry = node.entry();
      if (entry instanceof Entry.HardLink) {
        InodePlan target = byNode.get(node.dataNode());
        if (++target.links > MAX_LINKS) {
          throw new LayoutException("'" + target.entry.path() + "' has more than " + MAX_LINKS
              + " hard links, more than ext4 counts; copy it instead of linking some");
        }
        byNode.put(node, target);
        continue;
      }
      int number = node == userLostFound ? LOST_FOUND : next++;
      InodePlan plan = new InodePlan(number, kind(entry), entry, entry.metadata());
      byNode.put(node, plan);
      order.add(plan);
    }
    InodePlan[] byNumber = new InodePlan[next];
    for (InodePlan plan : order) {
      byNumber[plan.number] = plan;
    }
    for (Map.Entry<Node, InodePlan> e : byNode.entrySet()) {
      Node node = e.getKey();
      InodePlan plan = e.getValue();
      if (node.entry() instanceof Entry.HardLink) {
        continue;
      }
      if (plan.kind == Kind.DIRECTORY) {
        plan.directory = directory(node, plan, byNode, node == root ? lostFound : null);
      }
    }
    if (lostFound != null) {
      lostFound.directory = new DirectoryBlocks(LOST_FOUND, ROOT, List.of(), LOST_FOUND_BLOCKS);
      lostFound.links = 2;
    }
    Map<ByteBuffer, Integer> xattrReferences = new HashMap<>();
    for (InodePlan plan : order) {
      planContents(plan, options);
      if (!plan.xattrs.inBlock().isEmpty()) {
        plan.xattrKey = plan.xattrs.blockKey();
        xattrReferences.merge(plan.xattrKey, 1, Integer::sum);
      }
    }
    return size(options, order, byNumber, xattrReferences);
  }

  /** The tree's nodes in the order of the entries, in which a hard link comes after its file. */
  private static List<Node> inEntryOrder(Node root, List<? extends Entry> entries) {
    Map<String, Node> byPath = new HashMap<>();
    Deque<Node> stack = new ArrayDeque<>(root.children());
    while (!stack.isEmpty()) {
      Node node = stack.pop();
      byPath.put(node.path(), node);
      node.children().forEach(stack::push);
    }
    return entries.stream().map(entry -> byPath.get(entry.path())).toList();
  }

  private static void checkName(Node node) {
    int length = utf8(node.name()).length;
    if (length > MAX_NAME) {
      throw new LayoutException("the name of '" + node.path() + "' is " + length + " bytes long; ext4 names hold "
          + MAX_NAME + ", so shorten it");
    }
  }

  private static Kind kind(Entry entry) {
    if (entry instanceof Entry.Directory) {
      return Kind.DIRECTORY;
    }
    if (entry instanceof Entry.RegularFile) {
      return Kind.FILE;
    }
    if (entry instanceof Entry.Symlink s) {
      int length = utf8(s.target()).length;
      if (length == 0 || length >= Ext4Image.BLOCK) {
        throw new LayoutException("symlink '" + s.path() + "' has a target of " + length
            + " bytes; ext4 holds targets of 1 to " + (Ext4Image.BLOCK - 1) + " bytes, so shorten it");
      }
      return length < SHORT_SYMLINK ? Kind.SHORT_SYMLINK : Kind.LONG_SYMLINK;
    }
    if (entry instanceof Entry.Device) {
      return Kind.DEVICE;
    }
    if (entry instanceof Entry.Fifo) {
      return Kind.FIFO;
    }
    throw new IllegalStateException("hard links share their file's inode: " + entry.path());
  }

  /** The type a directory record gives a name: 1 file, 2 directory, 3 character, 4 block device, 5 fifo, 7 symlink. */
  private static int recordType(InodePlan plan) {
    return switch (plan.kind) {
      case FILE, JOURNAL -> 1;
      case DIRECTORY -> 2;
      case DEVICE -> ((Entry.Device) plan.entry).kind() == Entry.DeviceKind.CHARACTER ? 3 : 4;
      case FIFO -> 5;
      case SHORT_SYMLINK, LONG_SYMLINK -> 7;
    };
  }

  private static DirectoryBlocks directory(Node node, InodePlan plan, Map<Node, InodePlan> byNode, InodePlan lostFound) {
    List<DirectoryBlocks.Name> names = new ArrayList<>();
    int subdirectories = 0;
    if (lostFound != null) {
      names.add(new DirectoryBlocks.Name(LOST_FOUND_NAME, LOST_FOUND, 2));
      subdirectories++;
    }
    for (Node child : node.children()) {
      InodePlan target = byNode.get(child);
      names.add(new DirectoryBlocks.Name(child.name(), target.number, recordType(target)));
      if (target.kind == Kind.DIRECTORY) {
        subdirectories++;
      }
    }
    plan.links = 2 + subdirectories > MAX_LINKS ? 1 : 2 + subdirectories;
    int parent = node.isRoot() ? ROOT : byNode.get(node.parent()).number;
    return new DirectoryBlocks(plan.number, parent, names, 1);
  }

  /** Decides what blocks of data an inode holds and where its attributes go. */
  private static void planContents(InodePlan plan, Ext4Options options) throws IOException {
    String path = plan.entry == null ? "/" : plan.entry.path();
    switch (plan.kind) {
      case DIRECTORY -> plan.runs = DataRuns.whole((long) plan.directory.blockCount() * Ext4Image.BLOCK);
      case LONG_SYMLINK -> plan.runs = DataRuns.whole(Ext4Image.BLOCK);
      case FILE -> {
        Entry.RegularFile file = (Entry.RegularFile) plan.entry;
        if (DataRuns.blocks(file.size()) >= MAX_FILE_BLOCKS) {
          throw new LayoutException("'" + path + "' is " + file.size() + " bytes; an ext4 file with 4 KiB blocks holds"
              + " less than 16 TiB, so split it");
        }
        plan.runs = options.holes() && file.size() >= Ext4Image.BLOCK
            ? DataRuns.scan(path, file.size(), file.content())
            : DataRuns.whole(file.size());
      }
      default -> { }
    }
    plan.xattrs = XattrPlacement.of(path, plan.metadata.xattrs());
  }

  /** Chooses the size (given, or grown until the contents and free space fit) and gives every inode its blocks. */
  private static Ext4Layout size(Ext4Options options, List<InodePlan> order, InodePlan[] byNumber,
      Map<ByteBuffer, Integer> xattrReferences) {
    long inodesNeeded = byNumber.length - 1;
    long contents = xattrReferences.size();
    for (InodePlan plan : order) {
      contents += plan.dataBlocks() + ExtentTree.blocksNeeded((int) Math.min(Integer.MAX_VALUE, plan.runs.size() + plan.dataBlocks() / Extent.MAX_LENGTH));
    }
    if (options.sizeBytes() > 0) {
      long blocks = options.sizeBytes() / Ext4Image.BLOCK;
      Ext4Layout layout = tryLayout(options, order, byNumber, xattrReferences, blocks,
          Math.max(inodesNeeded, blocks * Ext4Image.BLOCK / BYTES_PER_INODE));
      if (layout == null) {
        long minimum = grow(options.withFreePercent(0), order, byNumber, xattrReferences, contents, 0).geometry.blocks();
        throw new LayoutException("the tree needs an ext4 filesystem of at least " + mib(minimum) + " MiB ("
            + inodesNeeded + " inodes, " + mib(contents) + " MiB of contents and directories, with journal and tables);"
            + " the size asked is " + mib(blocks) + " MiB, so give at least " + mib(minimum) + " MiB or leave the size out");
      }
      return layout;
    }
    long free = Math.max(contents * options.freePercent() / 100, Ext4Options.MINIMUM_FREE_BYTES / Ext4Image.BLOCK);
    return grow(options, order, byNumber, xattrReferences, contents, free);
  }

  private static long mib(long blocks) {
    return (blocks * Ext4Image.BLOCK + (1 << 20) - 1) >> 20;
  }

  /** The smallest layout found, growing from an estimate, that leaves {@code free} blocks free. */
  private static Ext4Layout grow(Ext4Options options, List<InodePlan> order, InodePlan[] byNumber,
      Map<ByteBuffer, Integer> xattrReferences, long contents, long free) {
    long inodesNeeded = byNumber.length - 1;
    long inodesWanted = inodesNeeded + inodesNeeded * options.freePercent() / 100;
    long blocks = contents + free + JournalSuperblock.blocksFor(contents + free) + 64;
    while (true) {
      long inodes = Math.max(inodesWanted, blocks * Ext4Image.BLOCK / BYTES_PER_INODE);
      Ext4Layout layout = tryLayout(options, order, byNumber, xattrReferences, blocks, inodes);
      if (layout != null && layout.tables.freeBlocks() >= free) {
        return layout;
      }
      long shortBy = layout == null ? 0 : free - layout.tables.freeBlocks();
      blocks += Math.max(shortBy, blocks / 64 + 16);
    }
  }

  /** The layout on {@code blocks} blocks with {@code inodes} inodes, or null when the contents do not fit. */
  private static Ext4Layout tryLayout(Ext4Options options, List<InodePlan> order, InodePlan[] byNumber,
      Map<ByteBuffer, Integer> xattrReferences, long blocks, long inodes) {
    Geometry geometry = Geometry.of(blocks, inodes);
    if (geometry == null && blocks > Geometry.BLOCKS_PER_GROUP) {
      geometry = Geometry.of(blocks / Geometry.BLOCKS_PER_GROUP * Geometry.BLOCKS_PER_GROUP, inodes);
    }
    if (geometry == null || geometry.inodes() < byNumber.length - 1) {
      return null;
    }
    long journalBlocks = JournalSuperblock.blocksFor(geometry.blocks());
    BlockAllocator allocator = new BlockAllocator(geometry);
    Map<ByteBuffer, Long> xattrBlocks = new HashMap<>();
    try {
      for (InodePlan plan : order) {
        if (plan.kind == Kind.JOURNAL) {
          plan.runs = DataRuns.whole(journalBlocks * Ext4Image.BLOCK);
        }
        List<Extent> extents = new ArrayList<>();
        for (DataRuns.Run run : plan.runs) {
          extents.addAll(allocator.allocate(run.start(), run.count()));
        }
        List<Long> treeBlocks = new ArrayList<>();
        for (int i = ExtentTree.blocksNeeded(extents.size()); i > 0; i--) {
          treeBlocks.add(allocator.allocate());
        }
        plan.extents = extents;
        plan.tree = new ExtentTree(extents, treeBlocks);
        plan.xattrBlock = 0;
        plan.writesXattrBlock = false;
        if (plan.xattrKey != null) {
          Long shared = xattrBlocks.get(plan.xattrKey);
          if (shared == null) {
            shared = allocator.allocate();
            xattrBlocks.put(plan.xattrKey, shared);
            plan.writesXattrBlock = true;
          }
          plan.xattrBlock = shared;
        }
      }
    } catch (BlockAllocator.FullException full) {
      return null;
    }
    return new Ext4Layout(options, geometry, order, byNumber, xattrReferences, allocator.highWaterMark(), journalBlocks);
  }
}
