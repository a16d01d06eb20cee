package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's tenth fault: a damaged {@code index.json} names its way out, {@code imgc image repair}
 * brings the images back, and one damaged manifest hides no other image from {@code imgc image ls}.
 * The store is read back with Jackson, not with imgc's own types.
 */
class DamagedStoreTest {
  @TempDir Path temp;
  private Path store;
  private String digestA;
  private String digestB;

  @BeforeEach
  void twoImages() throws Exception {
    store = temp.resolve("store");
    digestA = importImage("example/a:1", "a");
    digestB = importImage("example/b:1", "b");
  }

  private String importImage(String name, String text) throws Exception {
    Path root = Files.createDirectories(temp.resolve(text + "/etc"));
    Files.writeString(root.resolve("motd"), text + "\n");
    ImgcRun imported = imgc("image", "import", "--store", store.toString(), name, "dir:" + root.getParent());
    assertEquals(0, imported.status(), imported.err());
    return imported.out().strip().split(" ")[1];
  }

  @Test
  void aTruncatedIndexNamesRepairWhichBringsBackTheImagesItCanStillRead() throws Exception {
    Path index = store.resolve("index.json");
    byte[] whole = Files.readAllBytes(index);
    String text = new String(whole, java.nio.charset.StandardCharsets.UTF_8);
    int secondName = text.indexOf("docker.io/example/b:1");
    assertTrue(secondName > 0 && text.indexOf("docker.io/example/a:1") < secondName, text);
    byte[] truncated = Arrays.copyOf(whole, secondName - 5); // b's entry loses its name
    Files.write(index, truncated);

    for (String[] command : List.of(new String[] {"image", "ls"}, new String[] {"image", "rm", "example/a:1"},
        new String[] {"image", "prune"}, new String[] {"image", "inspect", "example/a:1"})) {
      String[] args = concat(command, "--store", store.toString());
      ImgcRun failed = imgc(args);
      assertEquals(new ImgcRun(1, "", "imgc: error: " + index
          + " is corrupt; imgc image repair rebuilds it from the store's blobs\n"), failed, String.join(" ", command));
    }

    ImgcRun repaired = imgc("image", "repair", "--store", store.toString());
    assertEquals(0, repaired.status(), repaired.err());
    assertEquals("(no name) " + digestB + "\ndocker.io/example/a:1 " + digestA + "\n"
        + "rebuilt index.json: 2 images, 1 of them without a name\n", repaired.out());
    assertArrayEquals(truncated, Files.readAllBytes(store.resolve("index.json.damaged")), "the damaged index is kept");

    JsonNode rebuilt = new ObjectMapper().readTree(index.toFile());
    assertEquals(2, rebuilt.get("manifests").size());
    ImgcRun listed = imgc("image", "ls", "--store", store.toString());
    assertEquals(0, listed.status(), listed.err());
    List<String> refs = listed.out().lines().skip(1).map(line -> line.split("\\s+")[0]).toList();
    assertEquals(java.util.Set.of("docker.io/example/a:1", digestB), java.util.Set.copyOf(refs), listed.out());
    assertEquals(0, imgc("image", "inspect", "--store", store.toString(), "example/a:1").status());
  }

  @Test
  void anEmptiedIndexIsRebuiltWithEveryImageByDigestAndNothingDeleted() throws Exception {
    List<Path> blobsBefore = blobs();
    Files.write(store.resolve("index.json"), new byte[0]);
    ImgcRun repaired = imgc("image", "repair", "--store", store.toString());
    assertEquals(0, repaired.status(), repaired.err());
    assertTrue(repaired.out().contains("(no name) " + digestA + "\n") && repaired.out().contains("(no name) " + digestB + "\n"),
        repaired.out());
    assertEquals(blobsBefore, blobs());
    assertEquals(new ImgcRun(0, "deleted 0 blobs, 0 B\n", ""), imgc("image", "prune", "--store", store.toString()),
        "the unnamed images keep their blobs");
  }

  @Test
  void oneDamagedManifestIsMarkedAndTheOtherImagesAreListed() throws Exception {
    Path manifest = store.resolve("blobs/sha256").resolve(digestA.substring("sha256:".length()));
    byte[] bytes = Files.readAllBytes(manifest);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(manifest, bytes);

    ImgcRun listed = imgc("image", "ls", "--store", store.toString());
    assertEquals(1, listed.status());
    List<List<String>> rows = listed.out().lines().map(line -> List.of(line.trim().split("\\s{2,}"))).toList();
    assertEquals(List.of("docker.io/example/a:1", digestA.substring(7, 19), "-", "-", "(damaged)"), rows.get(1));
    assertEquals("docker.io/example/b:1", rows.get(2).get(0));
    assertEquals(List.of("imgc: error: manifest " + digestA + " of docker.io/example/a:1 is corrupt"),
        listed.err().lines().map(line -> line.replaceAll(": its content hashes to .*", "")).toList(), listed.err());
    assertTrue(listed.err().strip().endsWith("; pull or import docker.io/example/a:1 again"), listed.err());
  }

  private List<Path> blobs() throws Exception {
    try (var listing = Files.list(store.resolve("blobs/sha256"))) {
      return listing.sorted().toList();
    }
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
