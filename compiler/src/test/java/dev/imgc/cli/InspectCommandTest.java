package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.fs.tar.TarWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs are captured with {@link ImgcRun#imgc}, the one way the cli tests run {@code imgc}. */
class InspectCommandTest {
  @TempDir Path work;

  @Test
  void listsATarAsTextAndAsTheSameJson() throws Exception {
    Path tar = StreamTestSupport.writeFile(work.resolve("a.tar"), out -> TarWriter.write(List.of(
        StreamTestSupport.file("etc/motd", 0644, "hi\n"), StreamTestSupport.file("etc/a\u001b[31mred", 0600, "")), out));
    ImgcRun text = imgc("inspect", tar.toString());
    assertEquals(0, text.status(), text.err());
    assertEquals("# tar\n"
        + "etc/a\\x1b[31mred file 0600 0:0 0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        + "etc/motd file 0644 0:0 3 98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4\n", text.out());

    ImgcRun json = imgc("inspect", "--json", tar.toString());
    assertEquals(0, json.status(), json.err());
    assertFalse(json.out().contains("\u001b"), json.out());
    JsonNode part = new ObjectMapper().readTree(json.out()).path("parts").get(0);
    assertEquals("tar", part.path("title").asText());
    JsonNode motd = part.path("entries").get(1);
    assertEquals("etc/motd", motd.path("path").asText());
    assertEquals("file", motd.path("type").asText());
    assertEquals("0644", motd.path("mode").asText());
    assertEquals(3, motd.path("size").asLong());
    assertEquals("98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4", motd.path("sha256").asText());
    assertEquals("etc/a\u001b[31mred", part.path("entries").get(0).path("path").asText());
  }

  @Test
  void helpIsShown() {
    ImgcRun help = imgc("inspect", "--help");
    assertEquals(0, help.status(), help.err());
    assertTrue(help.out().startsWith("Usage: imgc inspect [-hrV] [--json] [--mtime] [--xattrs] [--cat=LOCATION] FILE"),
        help.out());
  }

  @Test
  void badInputIsOneLineAndStatusOne() throws Exception {
    Path text = Files.writeString(work.resolve("notes.txt"), "hello\n");
    for (Path input : List.of(text, work.resolve("missing.img"), work, Files.createFile(work.resolve("empty.img")))) {
      ImgcRun result = imgc("inspect", input.toString());
      assertEquals(1, result.status(), result.err());
      assertTrue(result.err().startsWith("imgc: error: " + input + " "), result.err());
      assertEquals(1, result.err().lines().count(), result.err());
      assertEquals("", result.out());
    }
  }
}
