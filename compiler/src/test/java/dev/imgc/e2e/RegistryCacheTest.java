package dev.imgc.e2e;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.cli.ImgcRun;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.image.LocalRegistry;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.OciJson;
import dev.imgc.image.registry.RegistryClient;
import dev.imgc.image.store.BlobSource;
import dev.imgc.image.store.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry as the build cache and artifact shelf shared by machines, each machine a store and a
 * cache directory of its own: machine A compiles and keeps its outputs in the registry, machine B
 * (nothing in its store) gets the same bytes without reading a layer; outputs pushed as an artifact
 * come back with {@code imgc fetch}; a cache entry the registry lost or that names another key is a miss.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryCacheTest {
  private static final String FORMATS = "kernel+initrd,iso-bios";

  @TempDir static Path work;
  private LocalRegistry registry;
  private Path spec;

  @BeforeAll
  void imagesInARegistry() throws Exception {
    registry = LocalRegistry.start(Files.createDirectories(work.resolve("registry")), Optional.empty());
    GoldenSpec golden = GoldenSpec.create(work.resolve("images"));
    String store = machine("a").resolve("store").toString();
    for (String[] image : List.of(new String[] {"kernel", golden.kernel().toString()}, new String[] {"root", golden.root().toString()})) {
      String name = registry.host() + "/test/" + image[0] + ":1";
      assertEquals(0, imgc("image", "import", "--store", store, name, "dir:" + image[1]).status());
      ImgcRun pushed = imgc("image", "push", "--store", store, name);
      assertEquals(0, pushed.status(), pushed.err());
    }
    spec = Files.writeString(work.resolve("cached.yml"), "kernel:\n  image: " + registry.host() + "/test/kernel:1\n"
        + "  cmdline: \"console=ttyS0\"\ninit:\n  - " + registry.host() + "/test/root:1\nonboot:\n  - name: hello\n"
        + "    image: " + registry.host() + "/test/root:1\n    command: [\"/bin/hello\"]\n"
        + "files:\n  - path: etc/motd\n    contents: \"kept in a registry\\n\"\n");
  }

  @AfterAll
  void stopRegistry() throws InterruptedException {
    registry.close();
  }

  private Path machine(String name) throws IOException {
    return Files.createDirectories(work.resolve("machines").resolve(name));
  }

  private ImgcRun compile(String machine, String... options) throws IOException {
    Path home = machine(machine);
    List<String> arguments = new ArrayList<>(List.of("compile", spec.toString(), "--name", "cached", "--format", FORMATS,
        "--store", home.resolve("store").toString(), "--cache", home.resolve("cache").toString(), "-o", home.resolve("out").toString()));
    arguments.addAll(List.of(options));
    return imgc(arguments.toArray(String[]::new));
  }

  private static long blobs(Path store) throws IOException {
    Path blobs = store.resolve("blobs/sha256");
    if (!Files.isDirectory(blobs)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(blobs)) {
      return files.count();
    }
  }

  private static void assertSameFiles(Path one, Path two, List<String> names) throws IOException {
    for (String name : names) {
      assertEquals(-1L, Files.mismatch(one.resolve(name), two.resolve(name)), name);
    }
  }

  private static final List<String> OUTPUTS = List.of("cached-kernel", "cached-initrd.img", "cached-cmdline", "cached.iso");

  @Test
  void aSecondMachineGetsTheOutputsFromTheCacheWithoutALayer() throws Exception {
    ImgcRun built = compile("a", "--cache-to", registry.host() + "/imgc-cache");
    assertEquals(0, built.status(), built.err());
    assertEquals("", built.err());

    ImgcRun fetched = compile("b", "--cache-from", registry.host() + "/imgc-cache");
    assertEquals(0, fetched.status(), fetched.err());
    Path outB = machine("b").resolve("out");
    assertEquals(OUTPUTS.stream().map(f -> outB.resolve(f).toString()).sorted().toList(),
        fetched.out().lines().sorted().toList());
    assertSameFiles(machine("a").resolve("out"), machine("b").resolve("out"), OUTPUTS);
    assertEquals(0, blobs(machine("b").resolve("store")), "machine B read no layer, not even a manifest into its store");

    // A cache entry whose blob the registry lost (garbage-collected) is a miss: C builds, to the same bytes.
    String key = tags("imgc-cache").get(0);
    RegistryClient cache = client("imgc-cache");
    JsonNode manifest = OciJson.mapper().readTree(cache.resolve(key).bytes());
    Files.delete(registry.blobData(Digest.parse(manifest.path("layers").path(1).path("digest").asText())));
    ImgcRun rebuilt = compile("c", "--cache-from", registry.host() + "/imgc-cache");
    assertEquals(0, rebuilt.status(), rebuilt.err());
    assertTrue(rebuilt.err().contains("could not be read, so the outputs are built") && rebuilt.err().contains("[cache]"), rebuilt.err());
    assertSameFiles(machine("a").resolve("out"), machine("c").resolve("out"), OUTPUTS);
    assertTrue(blobs(machine("c").resolve("store")) > 0, "machine C built, so it pulled the images");
    try (Stream<Path> left = Files.list(machine("c").resolve("out"))) {
      assertEquals(OUTPUTS.stream().sorted().toList(), left.map(p -> p.getFileName().toString()).sorted().toList(),
          "no half-fetched file is left beside the outputs");
    }
  }

  @Test
  void aSpecWithAnImportedImageHitsByItsPlan() throws Exception {
    Path root = work.resolve("images/root-image");
    String yaml = Files.readString(spec).replace("  - " + registry.host() + "/test/root:1", "  - dir://" + root);
    Path imported = Files.writeString(work.resolve("imported.yml"), yaml);
    List<String> common = List.of("compile", imported.toString(), "--name", "cached", "--format", FORMATS);
    ImgcRun kept = imgc(withMachine(common, "g", "--cache-to", registry.host() + "/plan-cache"));
    assertEquals(0, kept.status(), kept.err());

    ImgcRun hit = imgc(withMachine(common, "h", "--cache-from", registry.host() + "/plan-cache"));
    assertEquals(0, hit.status(), hit.err());
    assertSameFiles(machine("g").resolve("out"), machine("h").resolve("out"), OUTPUTS);
    Path content = machine("h").resolve("cache/content");
    try (Stream<Path> files = Files.exists(content) ? Files.walk(content).filter(Files::isRegularFile) : Stream.empty()) {
      assertEquals(0, files.count(), "planned, then fetched: no file content was bound, nothing written");
    }
  }

  private String[] withMachine(List<String> common, String machine, String... options) throws IOException {
    Path home = machine(machine);
    List<String> arguments = new ArrayList<>(common);
    arguments.addAll(List.of("--store", home.resolve("store").toString(), "--cache", home.resolve("cache").toString(),
        "-o", home.resolve("out").toString()));
    arguments.addAll(List.of(options));
    return arguments.toArray(String[]::new);
  }

  @Test
  void anEntryNamingAnotherKeyIsAMiss() throws Exception {
    assertEquals(0, compile("d", "--cache-to", registry.host() + "/other-cache").status());
    RegistryClient cache = client("other-cache");
    for (String key : tags("other-cache")) {
      byte[] forged = new String(cache.resolve(key).bytes(), StandardCharsets.UTF_8).replace(key, "0".repeat(64))
          .getBytes(StandardCharsets.UTF_8);
      cache.putManifest(key, new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(forged), forged.length), forged);
    }

    ImgcRun built = compile("e", "--cache-from", registry.host() + "/other-cache");
    assertEquals(0, built.status(), built.err());
    Path content = machine("e").resolve("cache/content");
    try (Stream<Path> files = Files.walk(content).filter(Files::isRegularFile)) {
      assertTrue(files.count() > 0, "a miss by both keys: machine E bound the files and wrote the outputs itself");
    }
  }

  @Test
  void pushedOutputsComeBackWithFetch() throws Exception {
    ImgcRun pushed = compile("f", "--push", registry.host() + "/test/appliance:1");
    assertEquals(0, pushed.status(), pushed.err());
    assertTrue(pushed.err().startsWith("imgc: pushed the outputs to " + registry.host() + "/test/appliance:1@sha256:"), pushed.err());

    JsonNode raw = OciJson.mapper().readTree(StreamTestSupport.run(work, "skopeo", "inspect", "--tls-verify=false", "--raw",
        "docker://" + registry.host() + "/test/appliance:1"));
    assertEquals("application/vnd.imgc.appliance.v1", raw.path("artifactType").asText());
    assertTrue(raw.path("annotations").path("dev.imgc.spec").asText().contains("kept in a registry"));
    assertTrue(raw.path("annotations").path("dev.imgc.plan.digest").asText().matches("(sha256:)?[0-9a-f]{64}"),
        raw.path("annotations").toString());
    List<String> titles = new ArrayList<>();
    raw.path("layers").forEach(layer -> titles.add(layer.path("annotations").path("org.opencontainers.image.title").asText()));
    assertEquals(OUTPUTS.stream().sorted().toList(), titles.stream().sorted().toList());

    Path fetchedDir = work.resolve("fetched");
    ImgcRun fetched = imgc("fetch", registry.host() + "/test/appliance:1", "-o", fetchedDir.toString());
    assertEquals(0, fetched.status(), fetched.err());
    assertSameFiles(machine("f").resolve("out"), fetchedDir, OUTPUTS);

    ImgcRun again = imgc("push", machine("f").resolve("out/cached").toString(), registry.host() + "/test/appliance:2");
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().startsWith(registry.host() + "/test/appliance:2@sha256:"), again.out());
    Path second = work.resolve("fetched-2");
    assertEquals(0, imgc("pull-artifact", registry.host() + "/test/appliance:2", "-o", second.toString()).status());
    assertSameFiles(machine("f").resolve("out"), second, OUTPUTS);
  }

  @Test
  void anArtifactNamingAPathOutsideTheDirectoryWritesNothing() throws Exception {
    RegistryClient client = client("test/hostile");
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] payload = "escaped\n".getBytes(StandardCharsets.UTF_8);
    Descriptor config = new Descriptor("application/vnd.oci.empty.v1+json", Digest.of(empty), empty.length);
    Descriptor file = new Descriptor("application/vnd.imgc.appliance.file.v1", Digest.of(payload), payload.length,
        new java.util.TreeMap<>(Map.of("org.opencontainers.image.title", "../escaped")), null);
    for (Object[] blob : List.of(new Object[] {config, empty}, new Object[] {file, payload})) {
      byte[] bytes = (byte[]) blob[1];
      client.pushBlob((Descriptor) blob[0], bytesSource(bytes), Progress.NONE);
    }
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":"
        + "\"application/vnd.imgc.appliance.v1\",\"config\":" + new String(OciJson.write(config), StandardCharsets.UTF_8)
        + ",\"layers\":[" + new String(OciJson.write(file), StandardCharsets.UTF_8) + "]}").getBytes(StandardCharsets.UTF_8);
    client.putManifest("1", new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(manifest), manifest.length), manifest);

    Path target = Files.createDirectories(work.resolve("hostile/out"));
    ImgcRun fetched = imgc("fetch", registry.host() + "/test/hostile:1", "-o", target.toString());
    assertEquals(1, fetched.status());
    assertTrue(fetched.err().contains("names a file '../escaped', which is not a plain file name"), fetched.err());
    assertFalse(Files.exists(work.resolve("hostile/escaped")));
    try (Stream<Path> left = Files.list(target)) {
      assertEquals(0, left.count());
    }
  }

  /**
   * The tags of {@code repository}, as skopeo lists them: a build keeps its outputs under two keys, one
   * of its inputs and one of its plan.
   */
  private List<String> tags(String repository) throws IOException {
    JsonNode tags = OciJson.mapper().readTree(StreamTestSupport.run(work, "skopeo", "list-tags", "--tls-verify=false",
        "docker://" + registry.host() + "/" + repository)).path("Tags");
    List<String> all = new ArrayList<>();
    tags.forEach(tag -> all.add(tag.asText()));
    assertEquals(2, all.size(), all.toString());
    return all;
  }

  private RegistryClient client(String repository) {
    return new RegistryClient(registry.host(), repository, Set.of(), Map.of(), NetworkTimeouts.DEFAULT);
  }

  private static BlobSource bytesSource(byte[] bytes) {
    return new BlobSource() {
      @Override
      public InputStream open(Descriptor descriptor) {
        return new ByteArrayInputStream(bytes);
      }

      @Override
      public String name() {
        return "the test";
      }
    };
  }
}
