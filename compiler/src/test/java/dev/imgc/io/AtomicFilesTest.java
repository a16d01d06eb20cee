package dev.imgc.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void replacesTheFileThroughAnOwnedTemporaryFile() throws IOException {
    Path target = dir.resolve("memo");
    Files.writeString(target, "old");
    AtomicReference<List<Path>> during = new AtomicReference<>();
    AtomicFiles.replace(target, out -> {
      out.write("new".getBytes(StandardCharsets.UTF_8));
      during.set(listing());
    });
    assertEquals("new", Files.readString(target));
    assertTrue(during.get().stream().anyMatch(p -> p.getFileName().toString().startsWith(".memo.") && TemporaryFiles.isTagged(p)),
        "written through a temporary file with an owner: " + during.get());
    assertEquals(List.of(target), listing(), "nothing but the file is left");
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("memo");
    Files.writeString(target, "old");
    IOException failure = assertThrows(IOException.class, () -> AtomicFiles.replace(target, out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk gone");
    }));
    assertEquals("disk gone", failure.getMessage());
    assertEquals("old", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void aDirectoryIsMovedIntoPlaceWhole() throws IOException {
    TemporaryFiles temporaries = TemporaryFiles.sweptIn(dir);
    Path temp = temporaries.createDirectory("entry-", "");
    Files.writeString(temp.resolve("a"), "a");
    AtomicFiles.moveIntoPlace(temp, dir.resolve("entry"), temporaries);
    assertEquals("a", Files.readString(dir.resolve("entry/a")));
    assertEquals(List.of(dir.resolve("entry")), listing());
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> !p.getFileName().toString().startsWith(".imgc-owner-")).sorted().toList();
    }
  }
}
