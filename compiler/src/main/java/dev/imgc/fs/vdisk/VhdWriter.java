package dev.imgc.fs.vdisk;

import dev.imgc.fs.block.ByteFields;
import java.io.IOException;
import java.util.UUID;

/**
 * A VHD, as Microsoft's "Virtual Hard Disk Image Format Specification" (version 1.0) lays it out.
 * {@link Kind#FIXED} is the raw disk followed by the footer, what Azure takes (its zeros stay holes
 * in the file); {@link Kind#DYNAMIC} (Hyper-V's dynamically expanding disk) starts with a copy of the
 * footer and the dynamic disk header, then the block allocation table, then only the 2 MiB blocks
 * holding data, each after its sector bitmap, then the footer.
 *
 * <p>The size must be a whole number of MiB: Azure refuses any other fixed VHD, and every disk imgc
 * lays out is one.
 *
 * @param uniqueId the disk's identifier, derived by the caller
 * @param createdSeconds the time stamped in the footer, in seconds since the Unix epoch
 */
public record VhdWriter(Kind kind, UUID uniqueId, long createdSeconds) implements VirtualDiskWriter {
  /** Fixed or dynamically expanding. */
  public enum Kind {
    FIXED,
    DYNAMIC
  }

  static final int BLOCK = 2 << 20;
  private static final int CHUNK = 64 << 10;
  private static final int HEADER = 1024;
  private static final long MIB = 1 << 20;

  @Override
  public void write(RawDisk disk, SparseOutput out) throws IOException {
    if (disk.size() % MIB != 0) {
      throw new IllegalArgumentException("a VHD holds a whole number of MiB, not " + disk.size() + " bytes");
    }
    if (kind == Kind.FIXED) {
      byte[] chunk = new byte[CHUNK];
      try (RawDisk.Reader reader = disk.open()) {
        for (long at = 0; at < disk.size(); at += CHUNK) {
          if (reader.read(at, chunk)) {
            out.write(at, chunk);
          }
        }
      }
      out.write(disk.size(), new VhdFooter(disk.size(), false, -1, uniqueId, createdSeconds).bytes());
      out.finish(disk.size() + VhdFooter.SIZE);
    } else {
      writeDynamic(disk, out);
    }
  }

  private void writeDynamic(RawDisk disk, SparseOutput out) throws IOException {
    byte[] footer = new VhdFooter(disk.size(), true, VhdFooter.SIZE, uniqueId, createdSeconds).bytes();
    int entries = (int) ((disk.size() + BLOCK - 1) / BLOCK);
    long tableOffset = VhdFooter.SIZE + HEADER;
    long tableBytes = ((long) entries * 4 + 511) & ~511L;
    ByteFields table = new ByteFields((int) tableBytes);
    for (int i = 0; i < entries; i++) {
      table.be32(i * 4, 0xFFFFFFFFL);
    }
    // every sector of a stored block holds data: its bitmap is all ones
    byte[] bitmap = new byte[BLOCK / 512 / 8];
    java.util.Arrays.fill(bitmap, (byte) 0xFF);
    long next = tableOffset + tableBytes;
    byte[] block = new byte[BLOCK];
    try (RawDisk.Reader reader = disk.open()) {
      for (int i = 0; i < entries; i++) {
        if (reader.read((long) i * BLOCK, block)) {
          table.be32(i * 4, next / 512);
          out.write(next, bitmap);
          out.write(next + bitmap.length, block);
          next += bitmap.length + BLOCK;
        }
      }
    }
    ByteFields header = new ByteFields(HEADER)
        .ascii(0, 8, "cxsparse", ' ')
        .be64(8, -1)
        .be64(16, tableOffset)
        .be32(24, 0x00010000)
        .be32(28, entries)
        .be32(32, BLOCK);
    header.be32(36, VhdFooter.checksum(header.array()));
    out.write(0, footer);
    out.write(VhdFooter.SIZE, header.array());
    out.write(tableOffset, table.array());
    out.write(next, footer);
    out.finish(next + VhdFooter.SIZE);
  }
}
