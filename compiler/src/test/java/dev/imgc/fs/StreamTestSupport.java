package dev.imgc.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A small tree holding every kind of entry, and a way to run the host tools that check writers. */
public final class StreamTestSupport {
  public static final long MTIME = 1_700_000_000L;

  private StreamTestSupport() {}

  public static Metadata meta(int mode) {
    return new Metadata(mode, 0, 0, MTIME);
  }

  public static Entry.RegularFile file(String path, int mode, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Entry.RegularFile(path, meta(mode), bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  /** Directories, files with setuid and odd modes, a file with three names, a symlink, devices, a fifo. */
  public static List<Entry> sampleTree() {
    return List.of(
        new Entry.Directory("bin", meta(0755)),
        file("bin/tool", 04755, "#!/bin/sh\necho tool\n"),
        new Entry.HardLink("bin/tool2", meta(04755), "bin/tool"),
        new Entry.Symlink("bin/sh", meta(0777), "tool"),
        new Entry.Directory("dev", meta(0755)),
        new Entry.Device("dev/null", meta(0666), Entry.DeviceKind.CHARACTER, 1, 3),
        new Entry.Device("dev/sda", meta(0660), Entry.DeviceKind.BLOCK, 8, 0),
        new Entry.Fifo("dev/pipe", meta(0600)),
        new Entry.Directory("etc", new Metadata(0750, 1000, 1001, MTIME)),
        file("etc/empty", 0600, ""),
        file("etc/motd", 0644, "hello from imgc\n"),
        new Entry.HardLink("etc/motd.again", meta(0644), "etc/motd"),
        new Entry.HardLink("etc/motd.third", meta(0644), "etc/motd"),
        file("etc/" + "a-rather-long-name-".repeat(8) + "end", 0400, "long"));
  }

  /** What a test writes an archive with. */
  @FunctionalInterface
  public interface ArchiveWriter {
    void write(OutputStream out) throws IOException;
  }

  /** Writes a file with {@code writer} and returns its path. */
  public static Path writeFile(Path file, ArchiveWriter writer) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      writer.write(out);
    }
    return file;
  }

  /** Splits a file of gzip members with Python's zlib, an independent reader, into the files {@code dir/member-N}. */
  private static final String SPLIT_MEMBERS = String.join("\n",
      "import sys, zlib",
      "data = open(sys.argv[1], 'rb').read()",
      "n = 0",
      "while data:",
      "    member = zlib.decompressobj(31)",
      "    open('member-%d' % n, 'wb').write(member.decompress(data))",
      "    assert member.eof, 'a member is cut short'",
      "    data = member.unused_data",
      "    n += 1",
      "print(n)");

  /**
   * The decompressed bytes of each gzip member of {@code file} (an initrd in segments), as files in
   * {@code dir}, in order: GNU cpio stops at an archive's trailer, so each is listed on its own.
   */
  public static List<Path> gzipMembers(Path file, Path dir) {
    int members = Integer.parseInt(run(dir, "python3", "-c", SPLIT_MEMBERS, file.toAbsolutePath().toString()).strip());
    return java.util.stream.IntStream.range(0, members).mapToObj(i -> dir.resolve("member-" + i)).toList();
  }

  /** Runs a command, feeding it {@code stdin} if not null; fails the test unless it exits 0. */
  public static String run(Path dir, InputStream stdin, String... command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
      Process process = builder.start();
      Thread feeder = new Thread(() -> {
        try (var in = process.getOutputStream()) {
          if (stdin != null) {
            stdin.transferTo(in);
          }
        } catch (IOException e) {
          // the tool stopped reading; its exit status tells
        }
      });
      feeder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      feeder.join();
      assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + output);
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String run(Path dir, String... command) {
    return run(dir, (InputStream) null, command);
  }

  public static String run(Path dir, Path stdin, String... command) {
    try (InputStream in = Files.newInputStream(stdin)) {
      return run(dir, in, command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
