package dev.imgc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes and appended files land in order, as one stream of both would have them. */
class FileChannelOutputTest {
  @TempDir Path tmp;

  @Test
  void appendedFilesFollowWhatWasWrittenInOrder() throws IOException {
    byte[] large = new byte[3 << 20]; // several of the kernel's transfers
    new Random(7).nextBytes(large);
    Path kept = Files.write(tmp.resolve("kept"), large);
    Path empty = Files.write(tmp.resolve("empty"), new byte[0]);
    Path out = Files.writeString(tmp.resolve("out"), "an older, longer file that must not show through at the end");

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (FileChannelOutput file = FileChannelOutput.create(out)) {
      file.write('<');
      file.write("head".getBytes(), 0, 4);
      assertEquals(large.length, file.append(kept));
      assertEquals(0, file.append(empty));
      file.write("tail>".getBytes(), 1, 3);
      assertEquals(large.length, file.append(kept));
    }
    expected.write('<');
    expected.write("head".getBytes());
    expected.write(large);
    expected.write("ail".getBytes());
    expected.write(large);
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out));
  }

  /** Appends are copied in the background: a file deleted as soon as it was appended (a build cache trimmed meanwhile) still lands whole. */
  @Test
  void aFileDeletedOnceAppendedStillLands() throws IOException {
    byte[] bytes = new byte[1 << 20];
    new Random(8).nextBytes(bytes);
    Path out = tmp.resolve("out");
    try (FileChannelOutput file = FileChannelOutput.create(out)) {
      for (int i = 0; i < 4; i++) {
        Path kept = Files.write(tmp.resolve("kept-" + i), bytes);
        assertEquals(bytes.length, file.append(kept));
        Files.delete(kept);
      }
    }
    assertEquals(4L * bytes.length, Files.size(out));
    assertEquals(-1L, Arrays.mismatch(bytes, Arrays.copyOfRange(Files.readAllBytes(out), 3 * bytes.length, 4 * bytes.length)));
  }
}
