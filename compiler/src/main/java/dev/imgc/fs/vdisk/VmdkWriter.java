package dev.imgc.fs.vdisk;

import dev.imgc.fs.block.ByteFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A VMDK "monolithicSparse" disk, as VMware's "Virtual Disk Format 1.1" lays it out and as LinuxKit
 * writes it (qemu-img's default VMDK): one file holding the sparse extent header, the text descriptor,
 * the grain directory and every grain table, then the 64 KiB grains holding data, in the disk's
 * order. VMware Workstation and Fusion, VirtualBox and QEMU run it as it is; grains of zeros are left
 * unallocated.
 *
 * @param fileName the file's own name, which the descriptor names as its one extent
 * @param contentId the descriptor's content id (CID), derived by the caller
 */
public record VmdkWriter(String fileName, int contentId) implements VirtualDiskWriter {
  static final int SECTOR = 512;
  static final int GRAIN_SECTORS = 128;
  private static final int GRAIN = GRAIN_SECTORS * SECTOR;
  private static final int ENTRIES_PER_TABLE = 512;
  private static final int TABLE_SECTORS = ENTRIES_PER_TABLE * 4 / SECTOR;
  private static final long DESCRIPTOR_SECTOR = 1;
  private static final int DESCRIPTOR_SECTORS = 20;

  public VmdkWriter {
    if (fileName.indexOf('"') >= 0 || fileName.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a VMDK descriptor cannot name the file " + fileName);
    }
  }

  @Override
  public void write(RawDisk disk, SparseOutput out) throws IOException {
    long capacity = disk.size() / SECTOR;
    long grains = (capacity + GRAIN_SECTORS - 1) / GRAIN_SECTORS;
    int tables = (int) ((grains + ENTRIES_PER_TABLE - 1) / ENTRIES_PER_TABLE);
    long directory = DESCRIPTOR_SECTOR + DESCRIPTOR_SECTORS;
    long directorySectors = ((long) tables * 4 + SECTOR - 1) / SECTOR;
    long firstTable = directory + directorySectors;
    long overhead = (firstTable + (long) tables * TABLE_SECTORS + GRAIN_SECTORS - 1) / GRAIN_SECTORS * GRAIN_SECTORS;

    AllocatedChunks stored = new AllocatedChunks();
    long next = overhead;
    byte[] grain = new byte[GRAIN];
    try (RawDisk.Reader reader = disk.open()) {
      for (long g = 0; g < grains; g++) {
        if (reader.read(g * GRAIN, grain)) {
          out.write(next * SECTOR, grain);
          stored.add(g, next);
          next += GRAIN_SECTORS;
        }
      }
    }
    ByteFields directoryBytes = new ByteFields((int) (directorySectors * SECTOR));
    for (int t = 0; t < tables; t++) {
      directoryBytes.le32(t * 4, firstTable + (long) t * TABLE_SECTORS);
    }
    // a table with no grain is all zeros, left as a hole
    for (int i = 0; i < stored.count(); ) {
      long table = stored.index(i) / ENTRIES_PER_TABLE;
      ByteFields tableBytes = new ByteFields(TABLE_SECTORS * SECTOR);
      for (; i < stored.count() && stored.index(i) / ENTRIES_PER_TABLE == table; i++) {
        tableBytes.le32((int) (stored.index(i) % ENTRIES_PER_TABLE) * 4, stored.entry(i));
      }
      out.write((firstTable + table * TABLE_SECTORS) * SECTOR, tableBytes.array());
    }
    out.write(0, header(capacity, overhead, directory));
    out.write(DESCRIPTOR_SECTOR * SECTOR, descriptor(capacity));
    out.write(directory * SECTOR, directoryBytes.array());
    out.finish(Math.max(next, overhead) * SECTOR);
  }

  private byte[] header(long capacity, long overhead, long directory) {
    return new ByteFields(SECTOR)
        .ascii(0, 4, "KDMV", ' ')
        .le32(4, 1)
        // bit 0: the line-end characters below are there to detect a file mangled by a text transfer
        .le32(8, 1)
        .le64(12, capacity)
        .le64(20, GRAIN_SECTORS)
        .le64(28, DESCRIPTOR_SECTOR)
        .le64(36, DESCRIPTOR_SECTORS)
        .le32(44, ENTRIES_PER_TABLE)
        .le64(48, 0)
        .le64(56, directory)
        .le64(64, overhead)
        .u8(73, '\n').u8(74, ' ').u8(75, '\r').u8(76, '\n')
        .array();
  }

  private byte[] descriptor(long capacity) {
    long cylinders = Math.min(capacity / (16 * 63), 16383);
    String text = "# Disk DescriptorFile\n"
        + "version=1\n"
        + String.format("CID=%08x\n", contentId)
        + "parentCID=ffffffff\n"
        + "createType=\"monolithicSparse\"\n"
        + "\n"
        + "# Extent description\n"
        + "RW " + capacity + " SPARSE \"" + fileName + "\"\n"
        + "\n"
        + "# The Disk Data Base\n"
        + "#DDB\n"
        + "\n"
        + "ddb.virtualHWVersion = \"4\"\n"
        + "ddb.geometry.cylinders = \"" + cylinders + "\"\n"
        + "ddb.geometry.heads = \"16\"\n"
        + "ddb.geometry.sectors = \"63\"\n"
        + "ddb.adapterType = \"ide\"\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > DESCRIPTOR_SECTORS * SECTOR) {
      throw new IllegalArgumentException("the VMDK descriptor takes " + bytes.length + " bytes, more than its "
          + DESCRIPTOR_SECTORS * SECTOR + "; name the file shorter");
    }
    return bytes;
  }
}
