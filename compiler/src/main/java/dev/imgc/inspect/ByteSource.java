package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;

/** What a {@link Region} reads from: a file, bytes in memory, or the disk a virtual disk container holds. */
interface ByteSource {
  /** Reads into {@code buffer} from {@code position}; the count read, -1 at the end. */
  int read(ByteBuffer buffer, long position) throws IOException;

  long size() throws IOException;
}
