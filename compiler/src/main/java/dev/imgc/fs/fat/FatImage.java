package dev.imgc.fs.fat;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A FAT12/16/32 filesystem with VFAT long names, laid out from entries before anything is written.
 * Every file and directory gets one contiguous run of clusters, in tree order, so the FAT is a
 * sequence of simple chains and the whole image is written front to back, file bytes streamed.
 *
 * <p>FAT holds directories and regular files only; a hard link becomes a second copy of its file.
 */
public final class FatImage implements ImageWriter {
  private static final long MAX_FILE_SIZE = 0xFFFFFFFFL;

  private final FatOptions options;
  private final FatGeometry geometry;
  private final Node root;
  private final String label;
  private final Map<Node, List<Slot>> slots;
  private final List<Allocation> allocations;
  private final Map<Node, Long> firstCluster;

  /** One name in a directory: its node, 11-byte short name and number of long-name entries. */
  private record Slot(Node node, byte[] shortName, int longEntries) {}

  /** A run of clusters holding one directory or file. */
  private record Allocation(Node node, long first, long count) {}

  private FatImage(FatOptions options, FatGeometry geometry, Node root, String label, Map<Node, List<Slot>> slots,
      List<Allocation> allocations) {
    this.options = options;
    this.geometry = geometry;
    this.root = root;
    this.label = label;
    this.slots = slots;
    this.allocations = allocations;
    this.firstCluster = new IdentityHashMap<>();
    allocations.forEach(a -> firstCluster.put(a.node(), a.first()));
  }

  /** Lays the entries out; throws {@link LayoutException} with figures when they cannot fit. */
  public static FatImage layout(List<? extends Entry> entries, FatOptions options) {
    String label = volumeLabel(options.label());
    Node root = FileTree.build(entries);
    List<Node> nodes = new ArrayList<>();
    collect(root, nodes);
    Map<Node, List<Slot>> slots = new IdentityHashMap<>();
    for (Node node : nodes) {
      if (node.isDirectory()) {
        ShortNames names = new ShortNames();
        List<Slot> list = new ArrayList<>();
        for (Node child : node.children()) {
          checkKind(child);
          list.add(new Slot(child, names.assign(child.name(), child.path()), DirectoryRecords.longEntryCount(child.name(), child.path())));
        }
        slots.put(node, list);
      }
    }
    FatImage sizing = new FatImage(options, null, root, label, slots, List.of());
    long sectors = options.sizeBytes() / FatGeometry.SECTOR;
    FatGeometry geometry = sectors == 0
        ? FatGeometry.forContents(options.type(), clusterBytes -> sizing.clustersNeeded(nodes, clusterBytes, options.type()))
        : FatGeometry.forSize(options.type(), sectors);
    long needed = sizing.clustersNeeded(nodes, geometry.clusterBytes(), geometry.type());
    if (needed > geometry.clusterCount()) {
      throw new LayoutException(String.format(Locale.ROOT,
          "the contents need %d clusters of %d bytes (%d KiB) but this %s filesystem of %d KiB has %d;"
              + " give a larger size or leave the size to be computed",
          needed, geometry.clusterBytes(), needed * geometry.clusterBytes() / 1024, geometry.type(),
          geometry.totalSectors() / 2, geometry.clusterCount()));
    }
    if (geometry.type() != FatType.FAT32 && sizing.entryCount(root) > geometry.rootEntries()) {
      throw new LayoutException(String.format(Locale.ROOT,
          "the root directory needs %d entries but %s holds %d; force FAT32 or move files into a directory",
          sizing.entryCount(root), geometry.type(), geometry.rootEntries()));
    }
    List<Allocation> allocations = new ArrayList<>();
    long next = 2;
    for (Node node : nodes) {
      long count = sizing.clustersOf(node, geometry.clusterBytes(), geometry.type());
      if (count > 0) {
        allocations.add(new Allocation(node, next, count));
        next += count;
      }
    }
    return new FatImage(options, geometry, root, label, slots, allocations);
  }

  @Override
  public long size() {
    return geometry.totalSectors() * FatGeometry.SECTOR;
  }

  public FatType type() {
    return geometry.type();
  }

  public long clusterCount() {
    return geometry.clusterCount();
  }

  @Override
  public void writeTo(ImageSink sink) throws IOException {
    long base = sink.position();
    byte[] boot = bootSector();
    sink.write(boot);
    if (geometry.type() == FatType.FAT32) {
      byte[] info = fsInfo();
      sink.write(info);
      sink.skipTo(base + 6L * FatGeometry.SECTOR);
      sink.write(boot);
      sink.write(info);
    }
    for (int copy = 0; copy < FatGeometry.FAT_COUNT; copy++) {
      sink.skipTo(base + (geometry.fatStart() + copy * geometry.fatSectors()) * FatGeometry.SECTOR);
      writeFat(sink);
    }
    if (geometry.type() != FatType.FAT32) {
      sink.skipTo(base + geometry.rootStart() * FatGeometry.SECTOR);
      sink.write(directoryBytes(root));
    }
    for (Allocation a : allocations) {
      sink.skipTo(base + (geometry.dataStart() + (a.first() - 2) * geometry.sectorsPerCluster()) * FatGeometry.SECTOR);
      if (a.node().isDirectory()) {
        sink.write(directoryBytes(a.node()));
      } else {
        Entry.RegularFile file = (Entry.RegularFile) a.node().dataNode().entry();
        try (InputStream in = file.content().open()) {
          sink.copy(in, file.size(), "'" + file.path() + "'");
        }
      }
    }
    sink.skipTo(base + size());
  }

  private byte[] bootSector() {
    boolean fat32 = geometry.type() == FatType.FAT32;
    long total = geometry.totalSectors();
    ByteFields b = new ByteFields(FatGeometry.SECTOR);
    b.u8(0, 0xEB).u8(1, fat32 ? 0x58 : 0x3C).u8(2, 0x90).ascii(3, 8, "IMGC", ' ')
        .le16(11, FatGeometry.SECTOR).u8(13, geometry.sectorsPerCluster()).le16(14, geometry.reservedSectors())
        .u8(16, FatGeometry.FAT_COUNT).le16(17, geometry.rootEntries())
        .le16(19, !fat32 && total < 0x10000 ? (int) total : 0).u8(21, 0xF8)
        .le16(22, fat32 ? 0 : (int) geometry.fatSectors()).le16(24, 63).le16(26, 255)
        .le32(28, options.hiddenSectors()).le32(32, !fat32 && total < 0x10000 ? 0 : total);
    int ext = 36;
    if (fat32) {
      b.le32(36, geometry.fatSectors()).le32(44, 2).le16(48, 1).le16(50, 6);
      ext = 64;
    }
    b.u8(ext, 0x80).u8(ext + 2, 0x29).le32(ext + 3, options.serial() & 0xffffffffL)
        .ascii(ext + 7, 11, label.isEmpty() ? "NO NAME" : label, ' ')
        .ascii(ext + 18, 8, geometry.type().label, ' ')
        .u8(510, 0x55).u8(511, 0xAA);
    return b.array();
  }

  private byte[] fsInfo() {
    long used = allocations.stream().mapToLong(Allocation::count).sum();
    return new ByteFields(FatGeometry.SECTOR).le32(0, 0x41615252L).le32(484, 0x61417272L)
        .le32(488, geometry.clusterCount() - used).le32(492, 2 + used).le32(508, 0xAA550000L).array();
  }

  /** Streams one FAT: entries packed little-endian, {@code bits} each, chains generated from the runs. */
  private void writeFat(ImageSink sink) throws IOException {
    int bits = geometry.type().bits;
    byte[] buffer = new byte[1 << 16];
    int filled = 0;
    long acc = 0;
    int accBits = 0;
    long clusters = geometry.clusterCount() + 2;
    int run = 0;
    for (long cluster = 0; cluster < clusters; cluster++) {
      long value;
      if (cluster == 0) {
        value = geometry.type().mediaEntry();
      } else if (cluster == 1) {
        value = geometry.type().endOfChain();
      } else {
        while (run < allocations.size() && cluster >= allocations.get(run).first() + allocations.get(run).count()) {
          run++;
        }
        if (run < allocations.size() && cluster >= allocations.get(run).first()) {
          Allocation a = allocations.get(run);
          value = cluster == a.first() + a.count() - 1 ? geometry.type().endOfChain() : cluster + 1;
        } else {
          value = 0;
        }
      }
      acc |= value << accBits;
      accBits += bits;
      while (accBits >= 8) {
        buffer[filled++] = (byte) acc;
        acc >>>= 8;
        accBits -= 8;
        if (filled == buffer.length) {
          sink.write(buffer, 0, filled);
          filled = 0;
        }
      }
    }
    if (accBits > 0) {
      buffer[filled++] = (byte) acc;
    }
    sink.write(buffer, 0, filled);
  }

  private byte[] directoryBytes(Node dir) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long time = dir.isRoot() ? options.timeSeconds() : dir.entry().metadata().mtimeSeconds();
    if (dir.isRoot()) {
      if (!label.isEmpty()) {
        DirectoryRecords.writeShortEntry(out, padded(label), DirectoryRecords.ATTR_VOLUME_LABEL, 0, 0, time);
      }
    } else {
      long parent = dir.parent().isRoot() ? 0 : firstCluster.get(dir.parent());
      DirectoryRecords.writeShortEntry(out, padded("."), DirectoryRecords.ATTR_DIRECTORY, firstCluster.get(dir), 0, time);
      DirectoryRecords.writeShortEntry(out, padded(".."), DirectoryRecords.ATTR_DIRECTORY, parent, 0, time);
    }
    for (Slot slot : slots.get(dir)) {
      Node node = slot.node();
      DirectoryRecords.writeLongEntries(out, node.name(), slot.shortName(), slot.longEntries());
      long mtime = node.entry().metadata().mtimeSeconds();
      if (node.isDirectory()) {
        DirectoryRecords.writeShortEntry(out, slot.shortName(), DirectoryRecords.ATTR_DIRECTORY, firstCluster.get(node), 0, mtime);
      } else {
        long size = fileSize(node);
        DirectoryRecords.writeShortEntry(out, slot.shortName(), DirectoryRecords.ATTR_ARCHIVE,
            firstCluster.getOrDefault(node, 0L), size, mtime);
      }
    }
    return out.toByteArray();
  }

  /** A name as the 11 space-padded bytes of a short entry, for the label and the dot entries. */
  private static byte[] padded(String name) {
    return String.format("%-11s", name).getBytes(StandardCharsets.US_ASCII);
  }

  private int entryCount(Node dir) {
    int count = dir.isRoot() ? (label.isEmpty() ? 0 : 1) : 2;
    for (Slot slot : slots.get(dir)) {
      count += slot.longEntries() + 1;
    }
    return count;
  }

  private long clustersOf(Node node, int clusterBytes, FatType type) {
    if (node.isRoot()) {
      return type == FatType.FAT32 ? Math.max(1, ceilDiv((long) entryCount(node) * DirectoryRecords.ENTRY, clusterBytes)) : 0;
    }
    if (node.isDirectory()) {
      return Math.max(1, ceilDiv((long) entryCount(node) * DirectoryRecords.ENTRY, clusterBytes));
    }
    return ceilDiv(fileSize(node), clusterBytes);
  }

  private long clustersNeeded(List<Node> nodes, long clusterBytes, FatType type) {
    // While choosing the variant the root's place is not known; count it as FAT32 would (at most one cluster more).
    return nodes.stream().mapToLong(n -> clustersOf(n, (int) clusterBytes, type == null ? FatType.FAT32 : type)).sum();
  }

  private static long fileSize(Node node) {
    return ((Entry.RegularFile) node.dataNode().entry()).size();
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static void collect(Node node, List<Node> out) {
    out.add(node);
    node.children().forEach(child -> collect(child, out));
  }

  private static void checkKind(Node node) {
    Entry entry = node.entry();
    if (!(entry instanceof Entry.Directory || entry instanceof Entry.RegularFile || entry instanceof Entry.HardLink)) {
      String kind = entry.getClass().getSimpleName().toLowerCase(Locale.ROOT);
      throw new LayoutException("'" + entry.path() + "' is a " + kind + ", which FAT cannot hold; leave it out of FAT images");
    }
    if (!node.isDirectory() && fileSize(node) > MAX_FILE_SIZE) {
      throw new LayoutException(String.format(Locale.ROOT, "'%s' is %d bytes; FAT files are limited to 4 GiB - 1 byte",
          entry.path(), fileSize(node)));
    }
  }

  private static String volumeLabel(String label) {
    String upper = label == null ? "" : label.strip().toUpperCase(Locale.ROOT);
    if (upper.length() > 11 || !upper.chars().allMatch(c -> c == ' ' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'()-@^_`{}~".indexOf(c) >= 0)) {
      throw new LayoutException("FAT volume label '" + label + "' must be up to 11 letters, digits or _-");
    }
    return upper;
  }
}
