package dev.imgc.fs.block;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.fs.Content;
import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helpers: runs host tools used as oracles, and builds entries. */
public final class Tools {
  public static final long TIME = 1_700_000_000L;

  private Tools() {}

  /** The result of running a host tool. */
  public record Run(int status, String output) {}

  /** Runs {@code command}, stdout and stderr together; fails the test after 120 s. */
  public static Run run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("timed out: " + command);
    }
    return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Runs {@code command} and returns its output, failing the test when it exits non-zero. */
  public static String check(String... command) throws IOException, InterruptedException {
    Run run = run(List.of(command));
    if (run.status() != 0) {
      fail(String.join(" ", command) + " exited " + run.status() + ":\n" + run.output());
    }
    return run.output();
  }

  /** The partition table of {@code disk} as {@code sfdisk -J} reads it: label, id, partitions. */
  public static JsonNode partitionTable(Path disk) throws IOException, InterruptedException {
    return new ObjectMapper().readTree(check("sfdisk", "-J", disk.toString())).path("partitiontable");
  }

  public static Metadata meta(int mode) {
    return new Metadata(mode, 0, 0, TIME);
  }

  public static Entry.Directory dir(String path) {
    return new Entry.Directory(path, meta(0755));
  }

  public static Entry.RegularFile file(String path, byte[] bytes) {
    return new Entry.RegularFile(path, meta(0644), bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  public static Entry.RegularFile file(String path, String text) {
    return file(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A file of {@code size} zero bytes, streamed without being held in memory. */
  public static Entry.RegularFile zeros(String path, long size) {
    Content content = () -> new java.io.InputStream() {
      private long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
      }
    };
    return new Entry.RegularFile(path, meta(0644), size, content);
  }

  /** A file of the host, streamed from disk. */
  public static Entry.RegularFile hostFile(String path, Path source) throws IOException {
    Content content = () -> Files.newInputStream(source);
    return new Entry.RegularFile(path, meta(0644), Files.size(source), content);
  }

  /** {@code size} deterministic pseudo-random bytes. */
  public static byte[] pattern(int size, int seed) {
    byte[] bytes = new byte[size];
    long x = seed * 2654435761L + 1;
    for (int i = 0; i < size; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      bytes[i] = (byte) (x >>> 56);
    }
    return bytes;
  }

  /** Writes {@code image} to {@code target} atomically and returns the bytes, for comparisons. */
  public static Path write(ImageWriter image, Path target) throws IOException {
    ImageFiles.write(target, image);
    return target;
  }
}
