package dev.imgc.fs.compress;

import static dev.imgc.fs.StreamTestSupport.run;
import static dev.imgc.fs.StreamTestSupport.sampleTree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.cpio.CpioWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompressionTest {
  @TempDir Path tmp;

  private byte[] sampleCpio() throws IOException {
    ByteArrayOutputStream cpio = new ByteArrayOutputStream();
    CpioWriter.write(sampleTree(), cpio);
    return cpio.toByteArray();
  }

  private Path compress(Compression compression, byte[] input, String name) throws IOException {
    Path file = tmp.resolve(name);
    try (OutputStream out = compression.wrap(Files.newOutputStream(file))) {
      out.write(input);
    }
    return file;
  }

  @ParameterizedTest
  @CsvSource({"GZIP, gzip", "ZSTD, zstd", "XZ, xz"})
  void theHostToolVerifiesAndDecompressesToTheSameBytes(Compression compression, String tool) throws IOException {
    byte[] cpio = sampleCpio();
    Path file = compress(compression, cpio, "initrd." + tool);
    run(tmp, tool, "-t", file.toString());
    Path plain = tmp.resolve("plain");
    run(tmp, file, "sh", "-c", tool + " -dc > plain");
    assertArrayEquals(cpio, Files.readAllBytes(plain));
  }

  @Test
  void xzUsesTheCrc32CheckTheKernelVerifies() throws IOException {
    Path file = compress(Compression.XZ, sampleCpio(), "initrd.xz");
    String list = run(tmp, "xz", "--list", "--robot", file.toString());
    String totals = list.lines().filter(l -> l.startsWith("totals")).findFirst().orElseThrow();
    assertEquals("CRC32", totals.split("\t")[6], list);
  }

  @ParameterizedTest
  @CsvSource({"GZIP", "ZSTD", "XZ", "NONE"})
  void flushingDoesNotChangeTheBytes(Compression compression) throws IOException {
    byte[] cpio = sampleCpio();
    ByteArrayOutputStream flushed = new ByteArrayOutputStream();
    try (OutputStream out = compression.wrap(flushed)) {
      out.write(cpio, 0, 100);
      out.flush();
      out.write(cpio, 100, cpio.length - 100);
    }
    assertArrayEquals(Files.readAllBytes(compress(compression, cpio, "unflushed")), flushed.toByteArray());
  }

  @ParameterizedTest
  @CsvSource({"GZIP", "ZSTD", "XZ", "NONE"})
  void sameInputGivesSameBytes(Compression compression) throws IOException {
    byte[] cpio = sampleCpio();
    assertArrayEquals(Files.readAllBytes(compress(compression, cpio, "a")),
        Files.readAllBytes(compress(compression, cpio, "b")));
  }

  @Test
  void zstdGivesTheSameBytesWhateverTheNumberOfWorkers() throws IOException {
    // Larger than two of zstd's 16 MiB jobs at this level, so the workers share the input.
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (int i = 0; lines.size() < 36 << 20; i++) {
      lines.writeBytes(("line " + i + " of a long text\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    byte[] input = lines.toByteArray();
    byte[][] outputs = new byte[3][];
    for (int workers = 1; workers <= 3; workers++) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (OutputStream out = Compression.zstd(bytes, workers)) {
        out.write(input);
      }
      outputs[workers - 1] = bytes.toByteArray();
    }
    assertArrayEquals(outputs[0], outputs[1]);
    assertArrayEquals(outputs[0], outputs[2]);
  }

  @Test
  void noneWritesTheBytesAsTheyAre() throws IOException {
    byte[] cpio = sampleCpio();
    assertArrayEquals(cpio, Files.readAllBytes(compress(Compression.NONE, cpio, "plain")));
  }

  @Test
  void compressionsAreNamedAsUsersWriteThem() {
    assertEquals(Compression.ZSTD, Compression.named("zstd"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compression.named("lz4"));
    assertEquals("unknown compression 'lz4': use gzip, zstd, xz or none", e.getMessage());
  }

  @Test
  void paddingReachesTheNextFourByteBoundary() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(2, Compression.padToFourBytes(402, out));
    assertEquals(0, Compression.padToFourBytes(404, out));
    assertArrayEquals(new byte[2], out.toByteArray());
  }

}
