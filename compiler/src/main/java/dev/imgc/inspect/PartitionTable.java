package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A disk's partition table, GPT (UEFI specification, chapter 5) or MBR, with 512-byte sectors;
 * then each partition holding a filesystem (FAT, squashfs, ext4, erofs) is listed as a part of its own. The GPT header's and
 * entries' CRC32s are checked, so a damaged table is reported rather than half-listed.
 */
final class PartitionTable {
  private static final int SECTOR = 512;
  private static final String GPT_SIGNATURE = "EFI PART";
  private static final int MBR_ENTRIES = 446;
  private static final long LEGACY_BIOS_BOOTABLE = 1L << 2;

  /** A partition: its number, first sector, sector count, type name and MBR type (0 for GPT). */
  private record Partition(int number, long start, long sectors, String typeName, int typeId) {}

  private static final Set<Integer> EXTENDED_TYPES = Set.of(0x05, 0x0f, 0x85);
  /** Linux reads at most this many logical partitions; the bound also stops a damaged chain. */
  private static final int MAX_LOGICAL = 256;

  private PartitionTable() {}

  /** Whether sector 0 ends with the boot signature and sector 1 is a GPT header, or the MBR holds partitions. */
  static boolean recognises(Region disk) throws IOException {
    if (!disk.holds(0, SECTOR) || (disk.read(510, 2).getShort(0) & 0xffff) != 0xaa55) {
      return false;
    }
    if (isGpt(disk)) {
      return true;
    }
    ByteBuffer mbr = disk.read(0, SECTOR);
    boolean any = false;
    for (int i = 0; i < 4; i++) {
      int entry = MBR_ENTRIES + 16 * i;
      int status = mbr.get(entry) & 0xff;
      if (status != 0 && status != 0x80) {
        return false;
      }
      any |= mbr.get(entry + 4) != 0;
    }
    return any;
  }

  private static boolean isGpt(Region disk) throws IOException {
    return disk.holds(SECTOR, 8)
        && new String(disk.read(SECTOR, 8).array(), StandardCharsets.US_ASCII).equals(GPT_SIGNATURE);
  }

  static void read(Region disk, ReadScope scope) throws IOException, InspectException {
    PartBuilder table = scope.part("partition-table");
    List<Partition> partitions = isGpt(disk) ? readGpt(disk, table) : readMbr(disk, table);
    scope.add(table.build());
    for (Partition partition : partitions) {
      Region volume = disk.slice(partition.start() * SECTOR, partition.sectors() * SECTOR);
      FatVolume fat = FatVolume.probe(volume);
      String named = "partition " + partition.number() + " (" + partition.typeName() + ", ";
      ReadScope partitionScope = scope.within("partition-" + partition.number());
      if (fat != null) {
        scope.add(FatReader.read(volume, fat, named + fat.type() + ")", partitionScope));
        continue;
      }
      BlockFormat filesystem = BlockFormat.volumeOf(volume);
      if (filesystem != null) {
        filesystem.readVolume(volume, what -> named + what + ")", partitionScope);
      }
    }
  }

  private static List<Partition> readMbr(Region disk, PartBuilder table) throws IOException, InspectException {
    ByteBuffer mbr = disk.read(0, SECTOR);
    table.row(Row.builder().put("scheme", "mbr")
        .put("disk-signature", String.format(Locale.ROOT, "0x%08x", mbr.getInt(440))).build());
    List<Partition> partitions = new ArrayList<>();
    long extended = -1;
    for (int i = 0; i < 4; i++) {
      Partition partition = mbrEntry(mbr, i, i + 1, 0, table);
      if (partition != null) {
        partitions.add(partition);
        if (EXTENDED_TYPES.contains(partition.typeId())) {
          extended = partition.start();
        }
      }
    }
    if (extended >= 0) {
      readLogical(disk, extended, table, partitions);
    }
    return partitions;
  }

  /**
   * The logical partitions in an extended one: a chain of extended boot records, each holding a
   * partition (its start relative to that record) and a link to the next record (relative to the
   * extended partition's start). They are numbered from 5, as Linux numbers them.
   */
  private static void readLogical(Region disk, long extendedStart, PartBuilder table, List<Partition> partitions)
      throws IOException, InspectException {
    long record = extendedStart;
    Set<Long> visited = new HashSet<>();
    for (int number = 5; number < 5 + MAX_LOGICAL; number++) {
      if (!visited.add(record)) {
        throw new InspectException("has extended boot records that form a loop");
      }
      ByteBuffer ebr = disk.read(record * SECTOR, SECTOR);
      Partition logical = mbrEntry(ebr, 0, number, record, table);
      if (logical != null) {
        partitions.add(logical);
      }
      int nextType = ebr.get(MBR_ENTRIES + 16 + 4) & 0xff;
      if (nextType == 0) {
        return;
      }
      record = extendedStart + Integer.toUnsignedLong(ebr.getInt(MBR_ENTRIES + 16 + 8));
    }
  }

  /** Entry {@code index} of a boot record, its start relative to {@code base}, added as a row; null if unused. */
  private static Partition mbrEntry(ByteBuffer record, int index, int number, long base, PartBuilder table) {
    int entry = MBR_ENTRIES + 16 * index;
    int type = record.get(entry + 4) & 0xff;
    if (type == 0) {
      return null;
    }
    Partition partition = new Partition(number, base + Integer.toUnsignedLong(record.getInt(entry + 8)),
        Integer.toUnsignedLong(record.getInt(entry + 12)), PartitionTypes.mbr(type), type);
    table.row(Row.builder().put("partition", number).put("start", partition.start())
        .put("sectors", partition.sectors()).put("type", partition.typeName())
        .put("type-id", String.format(Locale.ROOT, "0x%02x", type))
        .put("bootable", (record.get(entry) & 0xff) == 0x80 ? "yes" : "no").build());
    return partition;
  }

  private static List<Partition> readGpt(Region disk, PartBuilder table) throws IOException, InspectException {
    ByteBuffer header = disk.read(SECTOR, SECTOR);
    int headerSize = header.getInt(12);
    if (headerSize < 92 || headerSize > SECTOR) {
      throw new InspectException("has a GPT header of impossible size " + headerSize);
    }
    ByteBuffer checked = ByteBuffer.allocate(headerSize).put(header.duplicate().limit(headerSize)).putInt(16, 0);
    if (crc(checked.array()) != header.getInt(16)) {
      throw new InspectException("has a GPT header whose CRC32 does not match: the partition table is damaged");
    }
    long entriesLba = header.getLong(72);
    int count = header.getInt(80);
    int entrySize = header.getInt(84);
    if (count < 0 || count > 1024 || entrySize < 128 || entrySize > 4096) {
      throw new InspectException("has a GPT with an impossible " + count + " entries of " + entrySize + " bytes");
    }
    ByteBuffer entries = disk.read(entriesLba * SECTOR, count * entrySize);
    if (crc(entries.array()) != header.getInt(88)) {
      throw new InspectException("has GPT entries whose CRC32 does not match: the partition table is damaged");
    }
    table.row(Row.builder().put("scheme", "gpt").put("disk-guid", guid(header, 56))
        .put("first-usable", header.getLong(40)).put("last-usable", header.getLong(48)).build());
    List<Partition> partitions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ByteBuffer entry = entries.slice(i * entrySize, entrySize).order(entries.order());
      String type = guid(entry, 0);
      if (type.equals("00000000-0000-0000-0000-000000000000")) {
        continue;
      }
      long first = entry.getLong(32);
      Partition partition = new Partition(i + 1, first, entry.getLong(40) - first + 1, PartitionTypes.gpt(type), 0);
      byte[] name = new byte[72];
      entry.get(56, name);
      String text = new String(name, StandardCharsets.UTF_16LE);
      int end = text.indexOf('\0');
      table.row(Row.builder().put("partition", partition.number()).put("start", first)
          .put("sectors", partition.sectors()).put("type", partition.typeName()).put("type-guid", type)
          .put("guid", guid(entry, 16)).put("name", end < 0 ? text : text.substring(0, end))
          .put("bootable", (entry.getLong(48) & LEGACY_BIOS_BOOTABLE) != 0 ? "yes" : "no").build());
      partitions.add(partition);
    }
    return partitions;
  }

  /** A GUID as GPT stores it: the first three fields little-endian, the last two as bytes. */
  private static String guid(ByteBuffer buffer, int offset) {
    return String.format(Locale.ROOT, "%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X", buffer.getInt(offset),
        buffer.getShort(offset + 4), buffer.getShort(offset + 6), buffer.get(offset + 8), buffer.get(offset + 9),
        buffer.get(offset + 10), buffer.get(offset + 11), buffer.get(offset + 12), buffer.get(offset + 13),
        buffer.get(offset + 14), buffer.get(offset + 15));
  }

  private static int crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return (int) crc.getValue();
  }
}
