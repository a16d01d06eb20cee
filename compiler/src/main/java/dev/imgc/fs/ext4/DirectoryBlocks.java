package dev.imgc.fs.ext4;

import dev.imgc.fs.block.ByteFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory's linear blocks: {@code .} and {@code ..} first, then one record per name, never split
 * across blocks, the last record of a block stretched to its checksum tail (metadata_csum's fake
 * entry of 12 bytes holding the block's CRC32C).
 *
 * @param names the directory's names after {@code .} and {@code ..}, in the order they are listed
 * @param minimumBlocks blocks to take even when the names need fewer (lost+found keeps room for e2fsck)
 */
record DirectoryBlocks(int self, int parent, List<Name> names, int minimumBlocks) {
  private static final int TAIL = 12;
  private static final int USABLE = Ext4Image.BLOCK - TAIL;
  private static final int HEADER = 8;

  /** One name: its inode and its type as directory records give it (1 file, 2 directory, …, 7 symlink). */
  record Name(byte[] bytes, int inode, int type) {
    Name(String name, int inode, int type) {
      this(name.getBytes(StandardCharsets.UTF_8), inode, type);
    }
  }

  DirectoryBlocks {
    names = List.copyOf(names);
  }

  private static int recordLength(int nameLength) {
    return HEADER + (nameLength + 3) / 4 * 4;
  }

  /** For each block, the index in {@link #names} of its first name (the first block also holds . and ..). */
  private List<Integer> blockStarts() {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    int used = 2 * recordLength(2);
    for (int i = 0; i < names.size(); i++) {
      int length = recordLength(names.get(i).bytes().length);
      if (used + length > USABLE) {
        starts.add(i);
        used = 0;
      }
      used += length;
    }
    return starts;
  }

  int blockCount() {
    return Math.max(minimumBlocks, blockStarts().size());
  }

  /** The blocks' bytes, each with its checksum over {@code inodeSeed}. */
  List<byte[]> blocks(int inodeSeed) {
    List<Integer> starts = blockStarts();
    List<byte[]> blocks = new ArrayList<>();
    for (int b = 0; b < blockCount(); b++) {
      ByteFields block = new ByteFields(Ext4Image.BLOCK);
      int at = 0;
      int last = -1;
      if (b == 0) {
        at = record(block, at, new Name(".", self, 2));
        last = at;
        at = record(block, at, new Name("..", parent, 2));
      }
      if (b < starts.size()) {
        int end = b + 1 < starts.size() ? starts.get(b + 1) : names.size();
        for (int i = starts.get(b); i < end; i++) {
          last = at;
          at = record(block, at, names.get(i));
        }
      }
      if (last < 0) {
        block.le16(4, USABLE);
      } else {
        block.le16(last + 4, USABLE - last);
      }
      block.le16(USABLE + 4, TAIL).u8(USABLE + 7, 0xDE);
      block.le32(USABLE + 8, Crc32c.update(inodeSeed, block.array(), 0, USABLE));
      blocks.add(block.array());
    }
    return blocks;
  }

  private static int record(ByteFields block, int at, Name name) {
    int length = recordLength(name.bytes().length);
    block.le32(at, name.inode()).le16(at + 4, length).u8(at + 6, name.bytes().length).u8(at + 7, name.type())
        .bytes(at + 8, name.bytes());
    return at + length;
  }
}
