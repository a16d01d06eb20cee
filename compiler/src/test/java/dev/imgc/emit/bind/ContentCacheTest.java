package dev.imgc.emit.bind;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.RepairedContentException;
import dev.imgc.image.oci.Digest;
import dev.imgc.plan.ContentRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer files copied out of a real gzip'd tar (made by GNU tar), once, checked by hash. */
class ContentCacheTest {
  @TempDir Path tmp;

  private final Digest layer = Digest.of("the layer".getBytes(StandardCharsets.UTF_8));
  private final AtomicInteger opened = new AtomicInteger();
  private final ContentRef.LayerMember motd = member(layer, "etc/motd", "hello\n");
  private final ContentRef.LayerMember greeting = member(layer, "etc/grüße.txt", "non-ascii name\n");

  private Path layerTar() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root/etc"));
    Files.writeString(root.resolve("motd"), "hello\n");
    Files.writeString(root.resolve("grüße.txt"), "non-ascii name\n");
    Path tar = tmp.resolve("layer.tar.gz");
    Process gnuTar = new ProcessBuilder("tar", "-czf", tar.toString(), "-C", tmp.resolve("root").toString(), "etc")
        .inheritIO().start();
    assertEquals(0, gnuTar.waitFor());
    return tar;
  }

  private ContentCache cache(Path tar) {
    return new ContentCache(tmp.resolve("cache"), (digest, what) -> {
      opened.incrementAndGet();
      return Files.newInputStream(tar);
    });
  }

  private static ContentRef.LayerMember member(Digest layer, String name, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new ContentRef.LayerMember(layer, name, Digest.of(bytes), bytes.length);
  }

  private static void assertContent(ContentCache cache, ContentRef ref, String text) throws IOException {
    try (InputStream in = cache.content(ref).open()) {
      assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    }
  }

  @Test
  void eachLayerIsReadOnceAndAnUnchangedFileNeverTwice() throws Exception {
    ContentCache cache = cache(layerTar());
    cache.fill(List.of(motd, greeting));
    assertEquals(1, opened.get());
    assertContent(cache, greeting, "non-ascii name\n");
    cache.fill(List.of(motd, greeting));
    assertEquals(1, opened.get(), "a second fill read the layer again");
  }

  @Test
  void filesWaitingForFirstUseAreCopiedWhenTheFirstIsOpenedAndNotBefore() throws Exception {
    ContentCache cache = cache(layerTar());
    cache.fillOnFirstUse(List.of(motd, greeting), Map.of());
    assertEquals(0, opened.get(), "nothing read before a content is opened");
    assertContent(cache, motd, "hello\n");
    assertContent(cache, greeting, "non-ascii name\n");
    assertEquals(1, opened.get(), "both files came from one read of the layer");
  }

  @Test
  void aFileKeptEarlierIsOpenedWithoutFillingTheOthersAndTheFirstMissingOneFillsThemAll() throws Exception {
    Path tar = layerTar();
    cache(tar).fill(List.of(motd));
    ContentCache cache = cache(tar);
    cache.fillOnFirstUse(List.of(motd, greeting), Map.of());
    assertContent(cache, motd, "hello\n");
    assertEquals(1, opened.get(), "opening a file kept by the first cache read the layer again");
    assertTrue(Files.notExists(tmp.resolve("cache").resolve(greeting.sha256().hex())), "filled before it was opened");
    assertContent(cache, greeting, "non-ascii name\n");
    assertEquals(2, opened.get());
  }

  @Test
  void aDamagedEntryFoundBeforeTheFillIsRepairedWithTheFilesStillWaiting() throws Exception {
    Path tar = layerTar();
    cache(tar).fill(List.of(motd, greeting));
    for (ContentRef ref : List.of(motd, greeting)) { // both damaged, only one opened before the repair
      Path entry = tmp.resolve("cache").resolve(ref.sha256().hex());
      byte[] damaged = Files.readAllBytes(entry);
      damaged[0] ^= 0x01;
      Files.write(entry, damaged);
    }
    ContentCache cache = cache(tar);
    cache.fillOnFirstUse(List.of(motd, greeting), Map.of());
    assertThrows(RepairedContentException.class, () -> assertContent(cache, motd, "hello\n"));
    assertContent(cache, motd, "hello\n");
    assertContent(cache, greeting, "non-ascii name\n");
  }

  @Test
  void aMemberWhoseBytesChangedIsRefusedAndNothingIsLeftBehind() throws Exception {
    ContentCache cache = cache(layerTar());
    IOException e = assertThrows(IOException.class, () -> cache.fill(List.of(member(layer, "etc/motd", "goodbye\n"))));
    assertTrue(e.getMessage().contains("layer " + layer + " member etc/motd hashes to"), e.getMessage());
    try (Stream<Path> left = Files.walk(tmp.resolve("cache"))) { // the temporary files' directory stays, empty
      assertEquals(List.of(), left.filter(Files::isRegularFile).toList());
    }
  }

  /** GNU tar's --append: the layer holds etc/motd twice, and lowering plans the last, as tar extracts it. */
  @Test
  void aNameHeldTwiceGivesTheLastMembersBytes() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("twice/etc"));
    Path tar = tmp.resolve("twice.tar");
    for (String text : List.of("first\n", "last\n")) {
      Files.writeString(root.resolve("motd"), text);
      Process gnuTar = new ProcessBuilder("tar", "-rf", tar.toString(), "-C", tmp.resolve("twice").toString(), "etc/motd")
          .inheritIO().start();
      assertEquals(0, gnuTar.waitFor());
    }
    ContentCache cache = cache(tar);
    cache.fill(List.of(member(layer, "etc/motd", "last\n")));
    assertContent(cache, member(layer, "etc/motd", "last\n"), "last\n");
    IOException e = assertThrows(IOException.class, () -> cache(tar).fill(List.of(member(layer, "etc/motd", "neither\n"))));
    assertTrue(e.getMessage().contains("layer " + layer + " member etc/motd hashes to"), e.getMessage());
  }

  @Test
  void aDamagedEntryFailsItsReadAndIsFilledAnewOnceThenDamageAgainIsAnError() throws Exception {
    ContentCache cache = cache(layerTar());
    cache.fillOnFirstUse(List.of(motd, greeting), Map.of());
    assertContent(cache, motd, "hello\n");
    Path entry = tmp.resolve("cache").resolve(motd.sha256().hex());
    byte[] damaged = Files.readAllBytes(entry);
    damaged[0] ^= 0x01;
    Files.write(entry, damaged);
    RepairedContentException repaired = assertThrows(RepairedContentException.class, () -> assertContent(cache, motd, "hello\n"));
    assertTrue(repaired.getMessage().contains(entry + " is corrupt"), repaired.getMessage());
    assertEquals("hello\n", new String(Files.readAllBytes(entry), 0, 6, StandardCharsets.UTF_8), "filled anew from the layer");
    assertEquals(2, opened.get());
    assertContent(cache, motd, "hello\n");

    Files.write(entry, "more".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
    IOException again = assertThrows(IOException.class, () -> assertContent(cache, motd, "hello\n"));
    assertTrue(!(again instanceof RepairedContentException) && again.getMessage().contains("check the disk"), again.getMessage());
  }
}
