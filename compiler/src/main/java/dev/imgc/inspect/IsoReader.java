package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lists an ISO 9660 image (ECMA-119) from its primary volume descriptor, with the names, modes,
 * owners, devices and symlinks Rock Ridge records. Names of one file (hard links) have one Rock
 * Ridge serial number, or, without one, share an extent. Without Rock Ridge, names come from the
 * Joliet tree if there is one, else the primary one, without their {@code ;1} version, and
 * directories list as 0555, files as 0444, owned by 0:0.
 */
final class IsoReader {
  static final int SYSTEM_AREA = 16 * 2048;
  private static final int DESCRIPTOR_SIZE = 2048;
  private static final int TERMINATOR = 255;
  private static final int PRIMARY = 1;
  private static final int SUPPLEMENTARY = 2;
  /** Real images have a handful; the bound stops a damaged one from being read to its end. */
  private static final int MAX_DESCRIPTORS = 64;
  private static final int FLAG_DIRECTORY = 0x02;
  private static final int FLAG_MULTI_EXTENT = 0x80;

  private final Region image;
  private final int blockSize;
  /** The first byte of each file's extent: El Torito names its boot images by where they start. */
  private final Map<Long, String> fileAtBlock = new TreeMap<>();
  private final Map<String, Long> sizeOfFile = new TreeMap<>();

  /** Whether names are Joliet's (UCS-2 big-endian) rather than ISO 9660's (d-characters). */
  private final boolean joliet;

  private final ReadScope scope;

  private IsoReader(Region image, int blockSize, boolean joliet, ReadScope scope) {
    this.scope = scope;
    this.image = image;
    this.blockSize = blockSize;
    this.joliet = joliet;
  }

  /** Whether {@code image} starts with ISO 9660 volume descriptors. */
  static boolean recognises(Region image) throws IOException {
    return image.holds(SYSTEM_AREA, DESCRIPTOR_SIZE)
        && new String(image.read(SYSTEM_AREA + 1, 5).array(), StandardCharsets.US_ASCII).equals("CD001");
  }

  static void read(Region image, ReadScope scope) throws IOException, InspectException {
    ByteBuffer primary = null;
    ByteBuffer jolietVolume = null;
    long bootCatalog = -1;
    for (int index = 0; index < MAX_DESCRIPTORS; index++) {
      ByteBuffer descriptor = image.read(SYSTEM_AREA + (long) index * DESCRIPTOR_SIZE, DESCRIPTOR_SIZE);
      int type = descriptor.get(0) & 0xff;
      if (type == TERMINATOR) {
        break;
      } else if (type == PRIMARY && primary == null) {
        primary = descriptor;
      } else if (type == SUPPLEMENTARY && isJoliet(descriptor) && jolietVolume == null) {
        jolietVolume = descriptor;
      } else if (type == 0 && ElTorito.isBootRecord(descriptor)) {
        bootCatalog = Integer.toUnsignedLong(descriptor.getInt(ElTorito.CATALOG_POINTER));
      }
    }
    if (primary == null) {
      throw new InspectException("is an ISO 9660 image without a primary volume descriptor");
    }
    int blockSize = primary.getShort(128) & 0xffff;
    if (blockSize != 512 && blockSize != 1024 && blockSize != 2048) {
      throw new InspectException("is an ISO 9660 image with an impossible block size of " + blockSize + " bytes");
    }
    // Rock Ridge lives in the primary tree; without it, Joliet's tree has the better (long, any case) names.
    boolean useJoliet = jolietVolume != null && !hasRockRidge(image, primary, blockSize);
    ByteBuffer volume = useJoliet ? jolietVolume : primary;
    IsoReader reader = new IsoReader(image, blockSize, useJoliet, scope);
    PartBuilder part = scope.part(useJoliet ? "iso9660 (joliet)" : "iso9660");
    String volumeId = new String(bytes(primary.slice(40, 32)), StandardCharsets.US_ASCII).strip();
    part.row(Row.builder().put("volume-id", volumeId).put("block-size", blockSize)
        .put("blocks", Integer.toUnsignedLong(primary.getInt(80))).build());
    reader.walk(volume.slice(156, 34).order(volume.order()), part);
    scope.add(part.build());
    if (bootCatalog >= 0) {
      ElTorito.Catalog catalog = ElTorito.read(scope, image, bootCatalog * blockSize, blockSize, reader.fileAtBlock,
          reader.sizeOfFile);
      scope.add(catalog.part());
      for (ElTorito.BootImage boot : catalog.images()) {
        if (boot.file() != null && scope.descendsInto(boot.file())) {
          continue; // listed as the file it is, nested at its path
        }
        Region region = image.slice(boot.offset(), boot.size());
        FatVolume fat = FatVolume.probe(region);
        if (fat != null) {
          String title = "el-torito entry " + boot.entry() + " (" + boot.platform() + ", " + fat.type() + ")";
          scope.add(FatReader.read(region, fat, title, scope.within("el-torito-" + boot.entry())));
        }
      }
    }
  }

  /** A supplementary volume descriptor is Joliet's when its escape sequence names UCS-2 level 1, 2 or 3. */
  private static boolean isJoliet(ByteBuffer descriptor) {
    return descriptor.get(88) == '%' && descriptor.get(89) == '/'
        && (descriptor.get(90) == '@' || descriptor.get(90) == 'C' || descriptor.get(90) == 'E');
  }

  /** SUSP puts an {@code SP} entry first in the system use area of the root's "." record. */
  private static boolean hasRockRidge(Region image, ByteBuffer primary, int blockSize) throws IOException {
    long rootExtent = Integer.toUnsignedLong(primary.getInt(156 + 2));
    ByteBuffer self = image.read(rootExtent * blockSize, 34 + 7);
    return self.get(34) == 'S' && self.get(35) == 'P';
  }

  /** A directory still to be read, and its path. */
  private record Pending(String path, long extent, long size) {}

  private void walk(ByteBuffer rootRecord, PartBuilder part) throws IOException, InspectException {
    long rootExtent = Integer.toUnsignedLong(rootRecord.getInt(2));
    long rootSize = Integer.toUnsignedLong(rootRecord.getInt(10));
    Deque<Pending> directories = new ArrayDeque<>();
    directories.add(new Pending(".", rootExtent, rootSize));
    Set<Long> visited = new HashSet<>();
    boolean rootListed = false;
    while (!directories.isEmpty()) {
      Pending directory = directories.poll();
      if (!visited.add(directory.extent())) {
        throw new InspectException("is an ISO 9660 image whose directories form a loop at " + directory.path());
      }
      List<ByteBuffer> extents = new ArrayList<>();
      for (ByteBuffer record : records(directory)) {
        int nameLength = record.get(32) & 0xff;
        boolean self = nameLength == 1 && record.get(33) == 0;
        boolean parent = nameLength == 1 && record.get(33) == 1;
        if (parent || self && rootListed || self && directory.extent() != rootExtent) {
          continue;
        }
        SystemUse use = SystemUse.parse(image, blockSize, systemUseArea(record, nameLength));
        if (self) {
          rootListed = true;
          part.add(entry(".", true, use, record));
          continue;
        }
        if (use.relocated) {
          continue; // listed where its CL entry stands
        }
        extents.add(record);
        if (((record.get(25) & 0xff) & FLAG_MULTI_EXTENT) != 0) {
          continue; // more extents of the same file follow
        }
        String name = use.name != null ? use.name : isoName(record, nameLength);
        String path = directory.path().equals(".") ? name : directory.path() + "/" + name;
        boolean isDirectory = (record.get(25) & FLAG_DIRECTORY) != 0 || use.childLocation >= 0;
        ListedEntry listed = entry(path, isDirectory, use, record);
        if (isDirectory) {
          long extent = use.childLocation >= 0 ? use.childLocation : Integer.toUnsignedLong(record.getInt(2));
          long size = use.childLocation >= 0 ? blockSize : Integer.toUnsignedLong(record.getInt(10));
          directories.add(new Pending(path, extent, size));
          part.add(listed);
        } else if (listed.type() == EntryType.FILE) {
          addFile(listed, extents, use.serial, part);
        } else {
          part.add(listed);
        }
        extents = new ArrayList<>();
      }
    }
  }

  /**
   * Adds a file read from its extents. Its names are told by the Rock Ridge serial number when there
   * is one (a writer may share one extent between distinct files of equal content), else by the
   * extent; empty files share no data and are never taken for names of one file without a serial.
   */
  private void addFile(ListedEntry listed, List<ByteBuffer> extents, long serial, PartBuilder part) throws IOException {
    List<InputStream> pieces = new ArrayList<>();
    long first = Integer.toUnsignedLong(extents.get(0).getInt(2));
    long size = 0;
    for (ByteBuffer extent : extents) {
      long length = Integer.toUnsignedLong(extent.getInt(10));
      pieces.add(image.stream(Integer.toUnsignedLong(extent.getInt(2)) * blockSize, length));
      size += length;
    }
    Digest.Result content;
    if (extents.size() == 1) {
      content = scope.file(listed.path(), image.slice(first * blockSize, size)); // a nested image is read in place
    } else {
      try (InputStream in = new SequenceInputStream(Collections.enumeration(pieces))) {
        content = scope.file(listed.path(), in);
      }
    }
    ListedEntry file = ListedEntry.file(listed.path(), listed.mode(), listed.uid(), listed.gid(), content)
        .withMtime(listed.mtime());
    fileAtBlock.putIfAbsent(first, listed.path());
    sizeOfFile.put(listed.path(), size);
    if (serial > 0) {
      part.addName(file, "serial " + serial);
    } else if (size > 0) {
      part.addName(file, "extent " + first);
    } else {
      part.add(file);
    }
  }

  /** An entry as Rock Ridge describes it; its time is Rock Ridge's modification time, else the record's. */
  private ListedEntry entry(String path, boolean isDirectory, SystemUse use, ByteBuffer record) {
    long mtime = use.modified != null ? use.modified : IsoTime.shortForm(record, 18);
    if (!use.hasAttributes) {
      return ListedEntry.of(path, isDirectory ? EntryType.DIR : EntryType.FILE, isDirectory ? 0555 : 0444, 0, 0)
          .withMtime(mtime);
    }
    EntryType type = isDirectory ? EntryType.DIR : EntryType.ofModeBits(use.mode);
    ListedEntry listed = ListedEntry.of(path, type, use.mode, use.uid, use.gid).withMtime(mtime);
    return switch (type) {
      case SYMLINK -> listed.withTarget(use.symlink == null ? "" : use.symlink.toString());
      case CHAR, BLOCK -> use.deviceHigh != 0
          ? listed.withDevice(use.deviceHigh, use.deviceLow)
          // a zero high half means the low half is a whole Linux dev_t
          : listed.withDevice(use.deviceLow >>> 8 & 0xfff, (use.deviceLow & 0xff) | (use.deviceLow >>> 12 & ~0xffL));
      default -> listed;
    };
  }

  /** The records of a directory; a record never crosses a block, and a zero length means "next block". */
  private List<ByteBuffer> records(Pending directory) throws IOException {
    List<ByteBuffer> records = new ArrayList<>();
    long start = directory.extent() * blockSize;
    for (long offset = 0; offset < directory.size(); offset += blockSize) {
      ByteBuffer block = image.read(start + offset, blockSize);
      int at = 0;
      while (at < blockSize) {
        int length = block.get(at) & 0xff;
        if (length == 0) {
          break;
        }
        if (length < 34 || at + length > blockSize || 33 + (block.get(at + 32) & 0xff) > length) {
          throw new IOException("a directory record of " + directory.path() + " is malformed");
        }
        records.add(block.slice(at, length).order(block.order()));
        at += length;
      }
    }
    return records;
  }

  private static ByteBuffer systemUseArea(ByteBuffer record, int nameLength) {
    int start = 33 + nameLength + (nameLength % 2 == 0 ? 1 : 0);
    int length = Math.max(0, record.limit() - start);
    return record.slice(Math.min(start, record.limit()), length).order(record.order());
  }

  private String isoName(ByteBuffer record, int nameLength) {
    String name = new String(bytes(record.slice(33, nameLength)), joliet ? StandardCharsets.UTF_16BE : StandardCharsets.ISO_8859_1);
    int version = name.indexOf(';');
    if (version >= 0) {
      name = name.substring(0, version);
    }
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
