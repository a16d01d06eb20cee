package dev.imgc.fs.block;

import java.io.IOException;

/**
 * An image whose layout is decided and whose size is known before a byte is written: a filesystem
 * or a partition table. It writes itself at the sink's current position, so it can be placed inside
 * another image (a FAT filesystem inside a GPT partition, a FAT image inside an ISO).
 */
public interface ImageWriter {
  long size();

  void writeTo(ImageSink sink) throws IOException;
}
