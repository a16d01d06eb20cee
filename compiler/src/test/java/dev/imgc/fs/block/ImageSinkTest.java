package dev.imgc.fs.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSinkTest {
  @TempDir Path tmp;

  private ImageSink sink(Path file) throws IOException {
    return new ImageSink(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
  }

  @Test
  void gapsAreZeroAndFinishSetsTheSize() throws Exception {
    Path file = tmp.resolve("img");
    try (ImageSink sink = sink(file)) {
      sink.write(new byte[] {1, 2});
      sink.skipTo(5);
      sink.write(new byte[] {3});
      sink.finish(10);
    }
    assertArrayEquals(new byte[] {1, 2, 0, 0, 0, 3, 0, 0, 0, 0}, Files.readAllBytes(file));
  }

  @Test
  void contentOfAnotherSizeThanAnnouncedIsAnError() throws Exception {
    try (ImageSink sink = sink(tmp.resolve("img"))) {
      assertEquals("'a' ended after 2 bytes, 3 were announced", assertThrows(IOException.class,
          () -> sink.copy(new ByteArrayInputStream(new byte[2]), 3, "'a'")).getMessage());
      assertEquals("'b' holds more than the 1 bytes announced", assertThrows(IOException.class,
          () -> sink.copy(new ByteArrayInputStream(new byte[2]), 1, "'b'")).getMessage());
      assertThrows(IllegalStateException.class, () -> sink.skipTo(0));
    }
  }

  @Test
  void aFailedWriteLeavesNoFile() throws IOException {
    ImageWriter failing = new ImageWriter() {
      @Override
      public long size() {
        return 10;
      }

      @Override
      public void writeTo(ImageSink sink) throws IOException {
        sink.write(new byte[5]);
        throw new IOException("source vanished");
      }
    };
    assertThrows(IOException.class, () -> ImageFiles.write(tmp.resolve("out.img"), failing));
    try (var left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "neither the image nor its temporary file");
    }
  }

  @Test
  void treeErrorsNameThePathAndTheFix() {
    assertEquals("'a/b' comes before its directory 'a'; list every directory before what it holds",
        assertThrows(LayoutException.class, () -> FileTree.build(List.of(Tools.file("a/b", "x")))).getMessage());
    for (String bad : List.of("/etc", "a/../../etc", "a//b", "./a", "a/", "")) {
      assertTrue(assertThrows(LayoutException.class, () -> FileTree.build(List.of(Tools.file(bad, "x")))).getMessage()
          .contains("is not a normalised relative path"), bad);
    }
    assertEquals("'a' is listed twice; give each path once",
        assertThrows(LayoutException.class, () -> FileTree.build(List.of(Tools.dir("a"), Tools.dir("a")))).getMessage());
    assertEquals("hard link 'l' points at 'd', which is not a regular file listed before it",
        assertThrows(LayoutException.class, () -> FileTree.build(List.of(Tools.dir("d"),
            new dev.imgc.fs.Entry.HardLink("l", Tools.meta(0644), "d")))).getMessage());
  }
}
