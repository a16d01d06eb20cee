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
import java.util.Locale;
import java.util.Map;

/**
 * An ISO 9660 image with Rock Ridge, El Torito and an optional hybrid MBR, laid out from entries
 * before anything is written and then written front to back, file bytes streamed.
 *
 * <p>Order of blocks: system area (the hybrid MBR), volume descriptors from 16, path tables, boot
 * catalog, directories, Rock Ridge continuation areas, then file data in tree order. Hard links
 * share their file's extent and inode number. Files over 4 GiB - 1 byte are refused (multi-extent
 * files, interchange level 3, are not written).
 */
public final class IsoImage implements ImageWriter {
  static final int BLOCK = 2048;
  static final long PVD_LBA = 16;
  private static final long MAX_FILE = 0xFFFFFFFFL;
  private static final int MAX_BOOT_IMAGE = 1 << 20;
  private static final byte[] SELF = {0};
  private static final byte[] PARENT = {1};

  private final IsoOptions options;
  private final List<Dir> dirs;
  private final Map<Node, Extent> extents;
  private final List<Node> files;
  private final long pathTableLba;
  private final int pathTableBytes;
  private final long catalogLba;
  private final long totalBlocks;
  private final Node biosImage;
  private final Node efiImage;

  /** Where a directory's or file's bytes lie. */
  private record Extent(long lba, long size) {}

  /** One directory record: the node it describes, identifier, flags, System Use inline and continued. */
  private record Rec(Node target, byte[] id, byte[] inline, byte[] continuation, long ceLba, int ceOffset) {
    int length() {
      return DirectoryRecord.length(id.length, inline.length + (continuation == null ? 0 : RockRidge.CE_LENGTH));
    }

    Rec continuedAt(long lba, int offset) {
      return new Rec(target, id, inline, continuation, lba, offset);
    }
  }

  /** A directory: path-table number, parent's number, identifier, records and extent. */
  private record Dir(Node node, int number, int parent, byte[] id, List<Rec> records, long sectors) {}

  private IsoImage(IsoOptions options, List<Dir> dirs, Map<Node, Extent> extents, List<Node> files, long pathTableLba,
      int pathTableBytes, long catalogLba, long totalBlocks, Node biosImage, Node efiImage) {
    this.options = options;
    this.dirs = dirs;
    this.extents = extents;
    this.files = files;
    this.pathTableLba = pathTableLba;
    this.pathTableBytes = pathTableBytes;
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
    DirectoryOrder order = DirectoryOrder.of(root);

    long next = PVD_LBA + 1;
    long catalog = -1;
    if (bios != null || efi != null) {
      next++; // boot record
    }
    next++; // terminator
    int pathBytes = 0;
    for (Node dir : order.directories()) {
      int idLength = dir.isRoot() ? 1 : order.id(dir).length;
      pathBytes += 8 + idLength + idLength % 2;
    }
    long pathLba = next;
    next += 2 * blocks(pathBytes);
    if (bios != null || efi != null) {
      catalog = next++;
    }

    List<Dir> planned = new ArrayList<>();
    Map<Node, Integer> numbers = new IdentityHashMap<>();
    Map<Node, Extent> extents = new IdentityHashMap<>();
    for (Node dir : order.directories()) {
      numbers.put(dir, numbers.size() + 1);
      Node parent = dir.isRoot() ? dir : dir.parent();
      List<Rec> records = records(dir, order, systemUse);
      long bytes = 0;
      for (Rec rec : records) {
        bytes = placeRecord(bytes, rec.length()) + rec.length();
      }
      planned.add(new Dir(dir, numbers.get(dir), numbers.get(parent), dir.isRoot() ? SELF : order.id(dir), records, blocks(bytes)));
      extents.put(dir, new Extent(next, blocks(bytes) * BLOCK));
      next += blocks(bytes);
    }

    List<Dir> dirs = new ArrayList<>();
    next = placeContinuations(planned, next, dirs);

    List<Node> files = new ArrayList<>();
    for (Node node : all) {
      if (node.entry() instanceof Entry.RegularFile file) {
        if (file.size() > MAX_FILE) {
          throw new LayoutException(String.format(Locale.ROOT,
              "'%s' is %d bytes; ISO 9660 files written here are limited to 4 GiB - 1 byte; split the file or use a disk image",
              file.path(), file.size()));
        }
        extents.put(node, new Extent(file.size() == 0 ? 0 : next, file.size()));
        next += blocks(file.size());
        if (file.size() > 0) {
          files.add(node);
        }
      }
    }
    if (options.hybrid() != null) {
      next = (next + HybridMbr.CYLINDER_BLOCKS - 1) / HybridMbr.CYLINDER_BLOCKS * HybridMbr.CYLINDER_BLOCKS;
    }
    return new IsoImage(options, dirs, extents, files, pathLba, pathBytes, catalog, next, bios, efi);
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
    sink.write(primaryVolumeDescriptor());
    if (catalogLba >= 0) {
      sink.write(ElTorito.bootRecord(catalogLba));
    }
    sink.write(new ByteFields(BLOCK).u8(0, 255).ascii(1, 5, "CD001", ' ').u8(6, 1).array());
    sink.skipTo(base + pathTableLba * BLOCK);
    sink.write(pathTable(false));
    sink.skipTo(base + (pathTableLba + blocks(pathTableBytes)) * BLOCK);
    sink.write(pathTable(true));
    if (catalogLba >= 0) {
      sink.skipTo(base + catalogLba * BLOCK);
      sink.write(catalog());
    }
    for (Dir dir : dirs) {
      sink.skipTo(base + extent(dir.node()).lba() * BLOCK);
      sink.write(directoryBytes(dir));
    }
    for (Dir dir : dirs) {
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

  private byte[] primaryVolumeDescriptor() {
    Node root = dirs.get(0).node();
    byte[] rootRecord = DirectoryRecord.encode(SELF, extent(root).lba(), extent(root).size(), options.timeSeconds(),
        DirectoryRecord.FLAG_DIRECTORY, new byte[0]);
    String date = IsoTime.volumeDate(options.timeSeconds());
    return new ByteFields(BLOCK).u8(0, 1).ascii(1, 5, "CD001", ' ').u8(6, 1)
        .ascii(8, 32, "LINUX", ' ').ascii(40, 32, options.volumeId(), ' ')
        .both32(80, totalBlocks).both16(120, 1).both16(124, 1).both16(128, BLOCK)
        .both32(132, pathTableBytes).le32(140, pathTableLba).be32(148, pathTableLba + blocks(pathTableBytes))
        .bytes(156, rootRecord)
        .ascii(190, 128, "", ' ').ascii(318, 128, "", ' ').ascii(446, 128, "", ' ').ascii(574, 128, "IMGC", ' ')
        .ascii(702, 37, "", ' ').ascii(739, 37, "", ' ').ascii(776, 37, "", ' ')
        .ascii(813, 16, date, '0').ascii(830, 16, date, '0').ascii(847, 16, "", '0').ascii(864, 16, "", '0')
        .u8(881, 1).array();
  }

  private byte[] pathTable(boolean bigEndian) {
    ByteFields table = new ByteFields(pathTableBytes);
    int at = 0;
    for (Dir dir : dirs) {
      long lba = extent(dir.node()).lba();
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

  private byte[] directoryBytes(Dir dir) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Rec rec : dir.records()) {
      int at = (int) placeRecord(out.size(), rec.length());
      out.writeBytes(new byte[at - out.size()]);
      Extent extent = extents.getOrDefault(rec.target().dataNode(), new Extent(0, 0));
      byte[] su = rec.continuation() == null ? rec.inline()
          : RockRidge.concat(rec.inline(), RockRidge.ce(rec.ceLba(), rec.ceOffset(), rec.continuation().length));
      out.writeBytes(DirectoryRecord.encode(rec.id(), extent.lba(), extent.size(), SystemUse.time(rec.target(), options.timeSeconds()),
          rec.target().isDirectory() ? DirectoryRecord.FLAG_DIRECTORY : 0, su));
    }
    out.writeBytes(new byte[(int) (dir.sectors() * BLOCK - out.size())]);
    return out.toByteArray();
  }

  /** A directory's records: ".", "..", then its children sorted by identifier. */
  private static List<Rec> records(Node dir, DirectoryOrder order, SystemUse systemUse) {
    List<Rec> records = new ArrayList<>();
    Node parent = dir.isRoot() ? dir : dir.parent();
    byte[] self = systemUse.fixed(dir);
    if (dir.isRoot()) {
      records.add(new Rec(dir, SELF, RockRidge.concat(RockRidge.sp(), self), RockRidge.er(), 0, 0));
    } else {
      records.add(new Rec(dir, SELF, self, null, 0, 0));
    }
    records.add(new Rec(parent, PARENT, systemUse.fixed(parent), null, 0, 0));
    for (Node child : order.sortedChildren(dir)) {
      records.add(childRecord(child, order.id(child), systemUse));
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
  private static Rec childRecord(Node child, byte[] id, SystemUse systemUse) {
    byte[] fixed = systemUse.fixed(child);
    byte[] names = SystemUse.names(child);
    if (DirectoryRecord.length(id.length, fixed.length + names.length) <= DirectoryRecord.MAX_LENGTH) {
      return new Rec(child, id, RockRidge.concat(fixed, names), null, 0, 0);
    }
    if (names.length > BLOCK) {
      throw new LayoutException("'" + child.path() + "' has a name and link target of " + names.length
          + " bytes of Rock Ridge data; at most 2048 fit");
    }
    return new Rec(child, id, fixed, names, 0, 0);
  }

  private Extent extent(Node node) {
    return extents.get(node.dataNode());
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
