package dev.imgc.fs.iso;

import dev.imgc.fs.Entry;
import dev.imgc.fs.block.ByteFields;
import dev.imgc.fs.block.FileTree;
import dev.imgc.fs.block.FileTree.Node;
import dev.imgc.fs.block.ImageSink;
import dev.imgc.fs.block.ImageWriter;
import dev.imgc.fs.block.LayoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ISO 9660 image with Rock Ridge, El Torito and an optional hybrid MBR, laid out from entries
 * before anything is written and then written front to back, file bytes streamed.
 *
 * <p>Order of blocks: system area (the hybrid MBR), volume descriptors from 16, path tables (primary,
 * then Joliet's), boot catalog, directories (primary, then Joliet's), Rock Ridge continuation areas,
 * then file data in tree order. Hard links
 * share their file's extent and inode number. A file over 4 GiB - 2 KiB is described by several
 * records of consecutive extents (interchange level 3), its data still one contiguous run.
 */
public final class IsoImage implements ImageWriter {
  static final int BLOCK = 2048;
  static final long PVD_LBA = 16;
  /** The largest extent a directory record can describe, in whole blocks; larger files take several (level 3). */
  private static final long MAX_EXTENT = 0xFFFFF800L;
  private static final int MAX_BOOT_IMAGE = 1 << 20;
  private static final byte[] SELF = {0};
  private static final byte[] PARENT = {1};
  private static final byte[] NO_SYSTEM_USE = {};

  private final IsoOptions options;
  private final Hierarchy primary;
  private final Hierarchy joliet;
  private final Map<Node, Extent> fileExtents;
  private final List<Node> files;
  private final long catalogLba;
  private final long totalBlocks;
  private final Node biosImage;
  private final Node efiImage;

  /** Where a directory's or file's bytes lie. */
  private record Extent(long lba, long size) {}

  /**
   * One directory record: the node it describes, identifier, System Use inline and continued, and
   * which extent of the node's file it describes (files over {@link #MAX_EXTENT} have several records).
   */
  private record Rec(Node target, byte[] id, byte[] inline, byte[] continuation, long ceLba, int ceOffset, int part) {
    int length() {
      return DirectoryRecord.length(id.length, inline.length + (continuation == null ? 0 : RockRidge.CE_LENGTH));
    }

    Rec continuedAt(long lba, int offset) {
      return new Rec(target, id, inline, continuation, lba, offset, part);
    }
  }

  /** A directory: path-table number, parent's number, identifier, records and size in blocks. */
  private record Dir(Node node, int number, int parent, byte[] id, List<Rec> records, long sectors) {}

  /**
   * One directory hierarchy and its path tables: the primary one (ISO 9660 names and Rock Ridge) or
   * Joliet's (UCS-2 names). Both describe the same files, so they share the files' extents.
   */
  private record Hierarchy(List<Dir> dirs, Map<Node, Extent> dirExtents, long pathTableLba, int pathTableBytes) {
    long pathTableBlocks() {
      return blocks(pathTableBytes);
    }
  }

  private IsoImage(IsoOptions options, Hierarchy primary, Hierarchy joliet, Map<Node, Extent> fileExtents,
      List<Node> files, long catalogLba, long totalBlocks, Node biosImage, Node efiImage) {
    this.options = options;
    this.primary = primary;
    this.joliet = joliet;
    this.fileExtents = fileExtents;
    this.files = files;
    this.catalogLba = catalogLba;
    this.totalBlocks = totalBlocks;
    this.biosImage = biosImage;
    this.efiImage = efiImage;
  }

  /** Lays the entries out; throws {@link LayoutException} when they cannot be written as asked. */
  public static IsoImage layout(List<? extends Entry> entries, IsoOptions options) {
    String volumeId = options.volumeId();
    if (!volumeId.matches("[A-Z0-9_]{1,32}")) {
      throw new LayoutException("ISO volume id '" + volumeId + "' must be 1 to 32 of A-Z, 0-9 and _");
    }
    Node root = FileTree.build(entries);
    List<Node> all = new ArrayList<>();
    collect(root, all);
    Node bios = bootNode(all, options.biosBootPath(), "BIOS boot image");
    Node efi = bootNode(all, options.efiBootPath(), "EFI boot image");
    if (bios != null && size(bios) > MAX_BOOT_IMAGE) {
      throw new LayoutException("BIOS boot image '" + bios.path() + "' is " + size(bios) + " bytes; at most 1 MiB is patched in memory");
    }
    if (options.hybrid() != null && options.hybrid().mbrCode().length > 0
        && (bios == null || options.hybrid().mbrCode().length != HybridMbr.CODE_LENGTH)) {
      throw new LayoutException("hybrid MBR code must be the 432 bytes of isohdpfx.bin and needs a BIOS boot image");
    }
    SystemUse systemUse = new SystemUse(new Inodes(all), options.timeSeconds());
    DirectoryOrder primaryOrder = DirectoryOrder.of(root, IsoNames::new);
    DirectoryOrder jolietOrder = options.joliet() ? DirectoryOrder.of(root, JolietNames::new) : null;
    boolean boot = bios != null || efi != null;

    long next = PVD_LBA + 1 + (boot ? 1 : 0) + (options.joliet() ? 1 : 0) + 1; // + boot record, Joliet, terminator
    long primaryPathLba = next;
    next += 2 * blocks(pathTableBytes(primaryOrder));
    long jolietPathLba = next;
    if (jolietOrder != null) {
      next += 2 * blocks(pathTableBytes(jolietOrder));
    }
    long catalog = boot ? next++ : -1;

    Map<Node, Extent> primaryExtents = new IdentityHashMap<>();
    List<Dir> primaryPlanned = planDirectories(primaryOrder, systemUse);
    next = assignExtents(primaryPlanned, next, primaryExtents);
    Hierarchy jolietHierarchy = null;
    if (jolietOrder != null) {
      Map<Node, Extent> jolietExtents = new IdentityHashMap<>();
      List<Dir> jolietDirs = planDirectories(jolietOrder, null);
      next = assignExtents(jolietDirs, next, jolietExtents);
      jolietHierarchy = new Hierarchy(jolietDirs, jolietExtents, jolietPathLba, pathTableBytes(jolietOrder));
    }
    List<Dir> primaryDirs = new ArrayList<>();
    next = placeContinuations(primaryPlanned, next, primaryDirs);
    Hierarchy primaryHierarchy = new Hierarchy(primaryDirs, primaryExtents, primaryPathLba, pathTableBytes(primaryOrder));

    Map<Node, Extent> fileExtents = new IdentityHashMap<>();
    List<Node> files = new ArrayList<>();
    for (Node node : all) {
      if (node.entry() instanceof Entry.RegularFile file) {
        fileExtents.put(node, new Extent(file.size() == 0 ? 0 : next, file.size()));
        next += blocks(file.size());
        if (file.size() > 0) {
          files.add(node);
        }
      }
    }
    if (options.hybrid() != null) {
      next = (next + HybridMbr.CYLINDER_BLOCKS - 1) / HybridMbr.CYLINDER_BLOCKS * HybridMbr.CYLINDER_BLOCKS;
    }
    return new IsoImage(options, primaryHierarchy, jolietHierarchy, fileExtents, files, catalog, next, bios, efi);
  }

  /** Each directory's records and size, in path-table order, with numbers as the path table gives them. */
  private static List<Dir> planDirectories(DirectoryOrder order, SystemUse systemUse) {
    List<Dir> dirs = new ArrayList<>();
    Map<Node, Integer> numbers = new IdentityHashMap<>();
    for (Node dir : order.directories()) {
      numbers.put(dir, numbers.size() + 1);
      Node parent = dir.isRoot() ? dir : dir.parent();
      List<Rec> records = records(dir, order, systemUse);
      long bytes = 0;
      for (Rec rec : records) {
        bytes = placeRecord(bytes, rec.length()) + rec.length();
      }
      dirs.add(new Dir(dir, numbers.get(dir), numbers.get(parent), dir.isRoot() ? SELF : order.id(dir), records, blocks(bytes)));
    }
    return dirs;
  }

  /** Places the directories one after another from {@code next}; returns the block after them. */
  private static long assignExtents(List<Dir> dirs, long next, Map<Node, Extent> extents) {
    for (Dir dir : dirs) {
      extents.put(dir.node(), new Extent(next, dir.sectors() * BLOCK));
      next += dir.sectors();
    }
    return next;
  }

  private static int pathTableBytes(DirectoryOrder order) {
    int bytes = 0;
    for (Node dir : order.directories()) {
      int idLength = dir.isRoot() ? 1 : order.id(dir).length;
      bytes += 8 + idLength + idLength % 2;
    }
    return bytes;
  }

  @Override
  public long size() {
    return totalBlocks * BLOCK;
  }

  @Override
  public void writeTo(ImageSink sink) throws IOException {
    long base = sink.position();
    if (options.hybrid() != null) {
      sink.write(HybridMbr.sector(options.hybrid(), biosImage == null ? 0 : extent(biosImage).lba(),
          efiImage == null ? -1 : extent(efiImage).lba(), efiImage == null ? 0 : size(efiImage), totalBlocks));
    }
    sink.skipTo(base + PVD_LBA * BLOCK);
    sink.write(volumeDescriptor(primary, false));
    if (catalogLba >= 0) {
      sink.write(ElTorito.bootRecord(catalogLba));
    }
    if (joliet != null) {
      sink.write(volumeDescriptor(joliet, true));
    }
    sink.write(VolumeDescriptors.terminator());
    List<Hierarchy> hierarchies = joliet == null ? List.of(primary) : List.of(primary, joliet);
    for (Hierarchy h : hierarchies) {
      sink.skipTo(base + h.pathTableLba() * BLOCK);
      sink.write(pathTable(h, false));
      sink.skipTo(base + (h.pathTableLba() + h.pathTableBlocks()) * BLOCK);
      sink.write(pathTable(h, true));
    }
    if (catalogLba >= 0) {
      sink.skipTo(base + catalogLba * BLOCK);
      sink.write(catalog());
    }
    for (Hierarchy h : hierarchies) {
      for (Dir dir : h.dirs()) {
        sink.skipTo(base + h.dirExtents().get(dir.node()).lba() * BLOCK);
        sink.write(directoryBytes(dir, h));
      }
    }
    for (Dir dir : primary.dirs()) {
      for (Rec rec : dir.records()) {
        if (rec.continuation() != null) {
          sink.skipTo(base + rec.ceLba() * BLOCK + rec.ceOffset());
          sink.write(rec.continuation());
        }
      }
    }
    for (Node node : files) {
      Entry.RegularFile file = (Entry.RegularFile) node.entry();
      sink.skipTo(base + extent(node).lba() * BLOCK);
      try (InputStream in = file.content().open()) {
        if (node == biosImage) {
          byte[] image = in.readNBytes((int) file.size());
          ElTorito.patchBootInfoTable(image, extent(node).lba());
          sink.write(image);
        } else {
          sink.copy(in, file.size(), "'" + file.path() + "'");
        }
      }
    }
    sink.skipTo(base + size());
  }

  private byte[] volumeDescriptor(Hierarchy h, boolean ucs2) {
    Extent root = h.dirExtents().get(h.dirs().get(0).node());
    return VolumeDescriptors.volume(ucs2, options.volumeId(), options.timeSeconds(), totalBlocks, root.lba(), root.size(),
        h.pathTableLba(), h.pathTableBytes());
  }

  private static byte[] pathTable(Hierarchy h, boolean bigEndian) {
    ByteFields table = new ByteFields(h.pathTableBytes());
    int at = 0;
    for (Dir dir : h.dirs()) {
      long lba = h.dirExtents().get(dir.node()).lba();
      table.u8(at, dir.id().length);
      if (bigEndian) {
        table.be32(at + 2, lba).be16(at + 6, dir.parent());
      } else {
        table.le32(at + 2, lba).le16(at + 6, dir.parent());
      }
      table.bytes(at + 8, dir.id());
      at += 8 + dir.id().length + dir.id().length % 2;
    }
    return table.array();
  }

  private byte[] catalog() {
    ElTorito.Target biosTarget = biosImage == null ? null
        : new ElTorito.Target(ElTorito.PLATFORM_X86, extent(biosImage).lba(), ElTorito.BIOS_LOAD_SECTORS);
    ElTorito.Target efiTarget = null;
    if (efiImage != null) {
      long sectors = (size(efiImage) + 511) / 512;
      // Past 0xFFFF sectors the count cannot be told; 0 lets firmware read to the end of the volume.
      efiTarget = new ElTorito.Target(ElTorito.PLATFORM_EFI, extent(efiImage).lba(), sectors > 0xFFFF ? 0 : (int) sectors);
    }
    return biosTarget != null ? ElTorito.catalog(biosTarget, efiTarget) : ElTorito.catalog(efiTarget, null);
  }

  private byte[] directoryBytes(Dir dir, Hierarchy h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Rec rec : dir.records()) {
      int at = (int) placeRecord(out.size(), rec.length());
      out.writeBytes(new byte[at - out.size()]);
      Extent extent = rec.target().isDirectory() ? h.dirExtents().get(rec.target())
          : fileExtents.getOrDefault(rec.target().dataNode(), new Extent(0, 0));
      long partSize = Math.min(MAX_EXTENT, extent.size() - rec.part() * MAX_EXTENT);
      boolean more = rec.part() < parts(rec.target()) - 1;
      int flags = (rec.target().isDirectory() ? DirectoryRecord.FLAG_DIRECTORY : 0) | (more ? DirectoryRecord.FLAG_MULTI_EXTENT : 0);
      byte[] su = rec.continuation() == null ? rec.inline()
          : RockRidge.concat(rec.inline(), RockRidge.ce(rec.ceLba(), rec.ceOffset(), rec.continuation().length));
      out.writeBytes(DirectoryRecord.encode(rec.id(), extent.lba() + rec.part() * (MAX_EXTENT / BLOCK), partSize,
          SystemUse.time(rec.target(), options.timeSeconds()), flags, su));
    }
    out.writeBytes(new byte[(int) (dir.sectors() * BLOCK - out.size())]);
    return out.toByteArray();
  }

  /** A directory's records: ".", "..", then its children sorted by identifier; Joliet's have no System Use. */
  private static List<Rec> records(Node dir, DirectoryOrder order, SystemUse systemUse) {
    List<Rec> records = new ArrayList<>();
    Node parent = dir.isRoot() ? dir : dir.parent();
    if (systemUse == null) {
      records.add(new Rec(dir, SELF, NO_SYSTEM_USE, null, 0, 0, 0));
      records.add(new Rec(parent, PARENT, NO_SYSTEM_USE, null, 0, 0, 0));
      for (Node child : order.sortedChildren(dir)) {
        for (int part = 0; part < parts(child); part++) {
          records.add(new Rec(child, order.id(child), NO_SYSTEM_USE, null, 0, 0, part));
        }
      }
      return records;
    }
    byte[] self = systemUse.fixed(dir);
    if (dir.isRoot()) {
      records.add(new Rec(dir, SELF, RockRidge.concat(RockRidge.sp(), self), RockRidge.er(), 0, 0, 0));
    } else {
      records.add(new Rec(dir, SELF, self, null, 0, 0, 0));
    }
    records.add(new Rec(parent, PARENT, systemUse.fixed(parent), null, 0, 0, 0));
    for (Node child : order.sortedChildren(dir)) {
      for (int part = 0; part < parts(child); part++) {
        // Linux takes the inode from a file's first record and its name from the last: each carries both.
        records.add(childRecord(child, order.id(child), systemUse, part));
      }
    }
    return records;
  }

  /**
   * Gives each record whose System Use continues a place in the continuation areas from {@code
   * firstBlock} on, packed so none crosses a block; fills {@code placed} and returns the next free block.
   */
  private static long placeContinuations(List<Dir> planned, long firstBlock, List<Dir> placed) {
    long block = firstBlock;
    int offset = 0;
    boolean used = false;
    for (Dir dir : planned) {
      List<Rec> records = new ArrayList<>();
      for (Rec rec : dir.records()) {
        if (rec.continuation() != null) {
          if (offset + rec.continuation().length > BLOCK) {
            block++;
            offset = 0;
          }
          rec = rec.continuedAt(block, offset);
          offset += rec.continuation().length;
          used = true;
        }
        records.add(rec);
      }
      placed.add(new Dir(dir.node(), dir.number(), dir.parent(), dir.id(), records, dir.sectors()));
    }
    return used ? block + 1 : firstBlock;
  }

  /** The offset a record of {@code length} bytes goes to: here, or the next block if it would cross. */
  private static long placeRecord(long offset, int length) {
    return offset % BLOCK + length > BLOCK ? (offset / BLOCK + 1) * BLOCK : offset;
  }

  /** A child's record: PX, TF (PN) inline, and NM (SL) too when they fit, else in a continuation area. */
  private static Rec childRecord(Node child, byte[] id, SystemUse systemUse, int part) {
    byte[] fixed = systemUse.fixed(child);
    byte[] names = SystemUse.names(child);
    if (DirectoryRecord.length(id.length, fixed.length + names.length) <= DirectoryRecord.MAX_LENGTH) {
      return new Rec(child, id, RockRidge.concat(fixed, names), null, 0, 0, part);
    }
    if (names.length > BLOCK) {
      throw new LayoutException("'" + child.path() + "' has a name and link target of " + names.length
          + " bytes of Rock Ridge data; at most 2048 fit");
    }
    return new Rec(child, id, fixed, names, 0, 0, part);
  }

  /** How many records (extents) a node takes: one, or more for a file over {@link #MAX_EXTENT}. */
  private static int parts(Node node) {
    Entry data = node.dataNode().entry();
    return data instanceof Entry.RegularFile file && file.size() > MAX_EXTENT ? (int) ((file.size() + MAX_EXTENT - 1) / MAX_EXTENT) : 1;
  }

  private Extent extent(Node node) {
    return fileExtents.get(node.dataNode());
  }

  private static long size(Node node) {
    return ((Entry.RegularFile) node.dataNode().entry()).size();
  }

  private static long blocks(long bytes) {
    return (bytes + BLOCK - 1) / BLOCK;
  }

  private static Node bootNode(List<Node> all, String path, String what) {
    if (path == null) {
      return null;
    }
    for (Node node : all) {
      if (node.path().equals(path)) {
        if (node.entry() instanceof Entry.RegularFile) {
          return node;
        }
        break;
      }
    }
    throw new LayoutException("the " + what + " '" + path + "' is not a regular file of the image; add it to the entries");
  }

  private static void collect(Node node, List<Node> out) {
    out.add(node);
    node.children().forEach(child -> collect(child, out));
  }
}
