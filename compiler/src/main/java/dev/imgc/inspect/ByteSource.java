package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** What a {@link Region} reads: a file, or the disk a virtual disk container holds. */
interface ByteSource {
  /** Reads into {@code buffer} from {@code position}; the count read, -1 at the end. */
  int read(ByteBuffer buffer, long position) throws IOException;

  long size() throws IOException;

  static ByteSource of(FileChannel channel) {
    return new ByteSource() {
      @Override
      public int read(ByteBuffer buffer, long position) throws IOException {
        return channel.read(buffer, position);
      }

      @Override
      public long size() throws IOException {
        return channel.size();
      }
    };
  }
}
