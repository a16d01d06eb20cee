package dev.imgc.plan.lower;

import dev.imgc.io.TemporaryFiles;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * A copy of a stream that can be read at any offset, for formats whose index is at the end (an
 * ELF module's section headers). Small copies stay in memory; a larger one goes to a temporary file
 * ({@link TemporaryFiles}, so one a killed imgc left is swept) deleted on close, so memory stays
 * bounded whatever the input's size.
 */
final class SpilledCopy implements Closeable {
  static final int IN_MEMORY_LIMIT = 16 << 20;

  private final byte[] bytes;
  private final TemporaryFiles temporaries;
  private final Path file;

  private SpilledCopy(byte[] bytes, TemporaryFiles temporaries, Path file) {
    this.bytes = bytes;
    this.temporaries = temporaries;
    this.file = file;
  }

  static SpilledCopy of(InputStream in) throws IOException {
    ByteArrayOutputStream memory = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) > 0) {
      memory.write(buffer, 0, n);
      if (memory.size() > IN_MEMORY_LIMIT) {
        TemporaryFiles temporaries = TemporaryFiles.inSystemTemporaryDirectory();
        Path file = temporaries.createFile("spill-", ".tmp");
        try (OutputStream out = Files.newOutputStream(file)) {
          memory.writeTo(out);
          in.transferTo(out);
        } catch (IOException | RuntimeException e) {
          temporaries.delete(file);
          throw e;
        }
        return new SpilledCopy(null, temporaries, file);
      }
    }
    return new SpilledCopy(memory.toByteArray(), null, null);
  }

  SeekableByteChannel channel() throws IOException {
    return bytes != null ? new SeekableInMemoryByteChannel(bytes) : FileChannel.open(file, StandardOpenOption.READ);
  }

  InputStream stream() throws IOException {
    return bytes != null ? new java.io.ByteArrayInputStream(bytes) : Files.newInputStream(file);
  }

  @Override
  public void close() throws IOException {
    if (file != null) {
      temporaries.delete(file);
    }
  }
}
