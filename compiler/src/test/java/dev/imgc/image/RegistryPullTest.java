package dev.imgc.image;

import static dev.imgc.image.ImageTests.resolver;
import static dev.imgc.image.ImageTests.run;
import static dev.imgc.image.ImageTests.skopeoInspect;
import static dev.imgc.image.ImageTests.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Index;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** imgc pulls from Debian's docker-registry, to which skopeo pushed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryPullTest {
  @TempDir static Path temp;
  private LocalRegistry registry;
  private ImageStore origin;
  private Descriptor small;

  @BeforeAll
  void startRegistryAndPush() throws Exception {
    Files.createDirectories(temp.resolve("registry"));
    registry = LocalRegistry.start(temp.resolve("registry"), Optional.empty());
    origin = ImageStore.open(temp.resolve("origin"));
    Path root = Files.createDirectories(temp.resolve("rootfs/etc"));
    Files.writeString(root.resolve("hostname"), "pulled\n");
    small = resolver(origin).importAs("test/small:1", source("dir:" + root.getParent())).descriptor();
    push("docker.io/test/small:1", "test/small:1");
  }

  @AfterAll
  void stopRegistry() throws InterruptedException {
    registry.close();
  }

  private void push(String storeName, String repositoryAndTag, String... options) {
    Stream<String> command = Stream.concat(Stream.of("skopeo", "copy", "-q", "--dest-tls-verify=false"), Stream.of(options));
    run(temp, Stream.concat(command, Stream.of("oci:" + origin.root() + ":" + storeName,
        "docker://" + registry.host() + "/" + repositoryAndTag)).toArray(String[]::new));
  }

  private ImageStore freshStore() throws IOException {
    return ImageStore.open(Files.createTempDirectory(temp, "store"));
  }

  @Test
  void pullsAnImageAsTheRegistryHasIt() throws IOException {
    ImageStore store = freshStore();
    ImageSource image = source(registry.host() + "/test/small:1");
    StoredImage pulled = resolver(store).resolve(image);
    assertEquals(small.digest(), pulled.descriptor().digest());
    assertEquals(registry.host() + "/test/small:1", pulled.name());
    pulled.readLayers(entry -> {});
    assertEquals(small.digest().toString(), skopeoInspect(store, pulled.name()).get("Digest").asText());

    // A blob damaged in the store is replaced by pulling again.
    Path layer = store.blobPath(pulled.manifest().layers().get(0).digest());
    Files.write(layer, new byte[] {1, 2, 3});
    assertThrows(ImageException.class, () -> pulled.readLayers(entry -> {}));
    resolver(store, PullPolicy.ALWAYS, RuntimeConfig.EMPTY, Platform.DEFAULT, Map.of(), Progress.NONE).resolve(image).readLayers(entry -> {});

    // Found in the store now: offline resolution works, and needs no registry.
    StoredImage offline = resolver(store, PullPolicy.NEVER, RuntimeConfig.EMPTY, Platform.DEFAULT, Map.of(), Progress.NONE).resolve(image);
    assertEquals(pulled.descriptor(), offline.descriptor());
    ImageException missing = assertThrows(ImageException.class, () ->
        resolver(store, PullPolicy.NEVER, RuntimeConfig.EMPTY, Platform.DEFAULT, Map.of(), Progress.NONE)
            .resolve(source(registry.host() + "/test/other:1")));
    assertTrue(missing.getMessage().contains("--offline"), missing.getMessage());
  }

  @Test
  void pullsDockerSchema2ManifestsAndByDigest() throws IOException {
    push("docker.io/test/small:1", "test/docker:1", "--format", "v2s2");
    ImageStore store = freshStore();
    StoredImage pulled = resolver(store).resolve(source(registry.host() + "/test/docker:1"));
    assertEquals(MediaTypes.DOCKER_MANIFEST, pulled.descriptor().mediaType());
    pulled.readLayers(entry -> {});
    String byDigest = registry.host() + "/test/docker@" + pulled.descriptor().digest();
    assertEquals(pulled.descriptor(), resolver(store).resolve(source(byDigest)).descriptor());
  }

  @Test
  void pullsThePlatformsImageFromAnIndex() throws IOException {
    Path root = Files.createDirectories(temp.resolve("multi/etc"));
    Files.writeString(root.resolve("arch"), "any\n");
    Platform arm = Platform.parse("linux/arm64/v8");
    Descriptor amd64 = resolver(origin).importAs("m/amd", source("dir:" + root.getParent())).descriptor();
    Descriptor arm64 = resolver(origin, PullPolicy.NEVER, RuntimeConfig.EMPTY, arm, Map.of(), Progress.NONE)
        .importAs("m/arm", source("dir:" + root.getParent())).descriptor();
    origin.tag("docker.io/test/multi:1", origin.putJson(MediaTypes.OCI_INDEX, Index.oci(List.of(
        new Descriptor(arm64.mediaType(), arm64.digest(), arm64.size(), null, arm),
        new Descriptor(amd64.mediaType(), amd64.digest(), amd64.size(), null, Platform.DEFAULT)))));
    push("docker.io/test/multi:1", "test/multi:1", "--all");

    ImageStore store = freshStore();
    assertEquals(amd64.digest(), resolver(store).resolve(source(registry.host() + "/test/multi:1")).descriptor().digest());
    StoredImage forArm = resolver(store, PullPolicy.ALWAYS, RuntimeConfig.EMPTY, Platform.parse("linux/arm64"), Map.of(), Progress.NONE)
        .pull(ImageTests.reference(registry.host() + "/test/multi:1"));
    assertEquals(arm64.digest(), forArm.descriptor().digest());
    assertEquals("arm64", forArm.config().architecture());
  }

  @Test
  void aMissingImageIsOneSentence() throws IOException {
    ImageException e = assertThrows(ImageException.class,
        () -> resolver(freshStore()).resolve(source(registry.host() + "/test/absent:1")));
    assertEquals("cannot pull " + registry.host() + "/test/absent:1: registry " + registry.host()
        + " has no test/absent:1 (404); check the name and tag", e.getMessage());
  }

  @Test
  void aBlobCorruptInTheRegistryNeverEntersTheStore() throws Exception {
    Path root = Files.createDirectories(temp.resolve("corrupt/etc"));
    Files.writeString(root.resolve("file"), "soon damaged\n");
    StoredImage image = resolver(origin).importAs("test/corrupt:1", source("dir:" + root.getParent()));
    push("docker.io/test/corrupt:1", "test/corrupt:1");
    Descriptor layer = image.manifest().layers().get(0);
    Path data = registry.blobData(layer.digest());
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 1;
    Files.write(data, bytes);

    ImageStore store = freshStore();
    ImageException e = assertThrows(ImageException.class,
        () -> resolver(store).resolve(source(registry.host() + "/test/corrupt:1")));
    assertTrue(e.getMessage().contains("layer " + layer.digest() + " of " + registry.host() + "/test/corrupt:1 from registry "
        + registry.host() + " is corrupt"), e.getMessage());
    assertIntact(store, layer);
  }

  @Test
  void aRegistryStoppedMidPullLeavesNoHalfWrittenBlob() throws Exception {
    // 24 MB that do not compress, so the transfer is still running when the registry dies.
    Path root = Files.createDirectories(temp.resolve("big"));
    byte[] noise = new byte[24 << 20];
    new Random(42).nextBytes(noise);
    Files.write(root.resolve("noise"), noise);
    StoredImage image = resolver(origin).importAs("test/big:1", source("dir:" + root));
    push("docker.io/test/big:1", "test/big:1");
    Path dir = temp.resolve("doomed");
    Files.createDirectories(dir);
    LocalRegistry doomed = LocalRegistry.startOnStorage(dir, registry.storage());
    Descriptor layer = image.manifest().layers().get(0);
    Progress killer = new Progress() {
      private long seen;

      @Override
      public void start(String what, long total) {}

      @Override
      public void advance(long bytes) {
        seen += bytes;
        if (seen > (2 << 20)) {
          doomed.kill();
        }
      }

      @Override
      public void done() {}
    };
    ImageStore store = freshStore();
    ImageException e = assertThrows(ImageException.class, () -> resolver(store, PullPolicy.MISSING, RuntimeConfig.EMPTY,
        Platform.DEFAULT, Map.of(), killer).resolve(source(doomed.host() + "/test/big:1")));
    assertEquals("cannot pull " + doomed.host() + "/test/big:1: the registry " + doomed.host() + " refused the connection (reading test/big@"
        + layer.digest() + ", tried 4 times)", e.getMessage());
    assertIntact(store, layer);
    doomed.close();
  }

  /** The store has no trace of the failed pull: no such blob, no temporary file, no index entry. */
  private static void assertIntact(ImageStore store, Descriptor layer) throws IOException {
    assertFalse(store.hasBlob(layer.digest()));
    try (Stream<Path> temps = Files.list(store.root().resolve(".imgc-tmp"))) {
      assertEquals(List.of(), temps.toList());
    }
    assertEquals(List.of(), store.images());
  }

  @Test
  void tokenAuthWithCredentialsFromDockerConfig() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("token"));
    try (TokenRealm realm = TokenRealm.start(dir, "tester", "s3cret-word");
        LocalRegistry secured = LocalRegistry.start(dir, Optional.of(realm.registryAuth()))) {
      run(temp, "skopeo", "copy", "-q", "--dest-tls-verify=false", "--dest-creds", "tester:s3cret-word",
          "oci:" + origin.root() + ":docker.io/test/small:1", "docker://" + secured.host() + "/test/secret:1");

      Path dockerConfig = Files.createDirectories(dir.resolve("docker"));
      String auth = Base64.getEncoder().encodeToString("tester:s3cret-word".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"" + secured.host() + "\":{\"auth\":\"" + auth + "\"}}}");
      Map<String, String> withCredentials = Map.of("DOCKER_CONFIG", dockerConfig.toString());
      StoredImage pulled = resolver(freshStore(), PullPolicy.ALWAYS, RuntimeConfig.EMPTY, Platform.DEFAULT, withCredentials, Progress.NONE)
          .resolve(source(secured.host() + "/test/secret:1"));
      assertEquals(small.digest(), pulled.descriptor().digest());

      Map<String, String> anonymous = Map.of("DOCKER_CONFIG", Files.createDirectories(dir.resolve("empty")).toString());
      ImageException refused = assertThrows(ImageException.class, () -> resolver(freshStore(), PullPolicy.ALWAYS,
          RuntimeConfig.EMPTY, Platform.DEFAULT, anonymous, Progress.NONE).resolve(source(secured.host() + "/test/secret:1")));
      assertTrue(refused.getMessage().contains("token service 127.0.0.1 answered 401"), refused.getMessage());
    }
  }

  @Test
  void registriesConfMovesANamespaceAndPassesOverAMirrorThatIsDown() throws IOException {
    Path conf = temp.resolve("registries.conf");
    Files.writeString(conf, "[[registry]]\nprefix = \"images.example.invalid/team\"\nlocation = \"" + registry.host() + "/test\"\n"
        + "[[registry.mirror]]\nlocation = \"127.0.0.1:" + LocalRegistry.freePort() + "/down\"\n");
    Map<String, String> environment = Map.of("CONTAINERS_REGISTRIES_CONF", conf.toString());
    StoredImage pulled = resolver(freshStore(), PullPolicy.ALWAYS, RuntimeConfig.EMPTY, Platform.DEFAULT, environment, Progress.NONE)
        .resolve(source("images.example.invalid/team/small:1"));
    assertEquals(small.digest(), pulled.descriptor().digest());
    assertEquals("images.example.invalid/team/small:1", pulled.name(), "the store names the image as the spec does");
  }

  @Test
  void anUnknownHostIsOneSentence() throws IOException {
    ImageException e = assertThrows(ImageException.class,
        () -> resolver(freshStore()).resolve(source("registry.imgc.invalid/test/x:1")));
    assertEquals("cannot pull registry.imgc.invalid/test/x:1: the registry host registry.imgc.invalid is unknown", e.getMessage());
  }
}
