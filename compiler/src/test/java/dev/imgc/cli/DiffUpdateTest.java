package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.tar.TarWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imgc diff --update} rewrites a saved listing whole, in place, and leaves nothing beside it. */
class DiffUpdateTest {
  @TempDir Path work;

  @Test
  void updateReplacesTheListingWithTheArtifacts() throws Exception {
    Path listing = work.resolve("golden/a.listing");
    Files.createDirectories(listing.getParent());
    Path before = StreamTestSupport.writeFile(work.resolve("before.tar"), out -> TarWriter.write(List.of(
        StreamTestSupport.file("etc/motd", 0644, "hi\n")), out));
    Path after = StreamTestSupport.writeFile(work.resolve("after.tar"), out -> TarWriter.write(List.of(
        StreamTestSupport.file("etc/motd", 0644, "hello\n"), StreamTestSupport.file("etc/issue", 0644, "imgc\n")), out));
    ImgcRun saved = imgc("inspect", "-r", before.toString());
    assertEquals(0, saved.status(), saved.err());
    Files.writeString(listing, saved.out());

    ImgcRun update = imgc("diff", listing.toString(), after.toString(), "--update");
    ImgcRun expected = imgc("inspect", "-r", after.toString());
    assertEquals(expected.out(), Files.readString(listing), update.err());
    ImgcRun again = imgc("diff", listing.toString(), after.toString());
    assertEquals(0, again.status(), again.out() + again.err());
    try (Stream<Path> files = Files.list(listing.getParent())) {
      assertEquals(List.of(listing), files.filter(f -> !f.getFileName().toString().startsWith(".imgc-owner-")).toList());
    }
  }
}
