package dev.imgc.image;

import static dev.imgc.image.ImageTests.reference;
import static dev.imgc.image.ImageTests.resolver;
import static dev.imgc.image.ImageTests.run;
import static dev.imgc.image.ImageTests.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * imgc pushes the store's images to Debian's docker-registry; skopeo and a second store (another
 * machine) read them back. The layer is 40 MB of random bytes, so it goes up in three chunks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagePushTest {
  @TempDir static Path temp;
  private LocalRegistry registry;
  private ImageStore origin;
  private StoredImage image;

  @BeforeAll
  void startRegistryAndImport() throws Exception {
    registry = LocalRegistry.start(Files.createDirectories(temp.resolve("registry")), Optional.empty());
    origin = ImageStore.open(temp.resolve("origin"));
    Path root = Files.createDirectories(temp.resolve("rootfs/srv"));
    byte[] noise = new byte[40 << 20];
    new Random(7).nextBytes(noise);
    Files.write(root.resolve("noise.bin"), noise);
    image = resolver(origin).importAs("test/big:1", source("dir:" + root.getParent()));
  }

  @AfterAll
  void stopRegistry() throws InterruptedException {
    registry.close();
  }

  private static ImagePusher pusher(ImageStore store, Map<String, String> environment) {
    return new ImagePusher(store, RegistryAccess.load(Set.of(), NetworkTimeouts.DEFAULT, environment), Progress.NONE);
  }

  private JsonNode skopeoInspect(String host, String repositoryAndTag, String... options) {
    String[] command = new String[5 + options.length];
    command[0] = "skopeo";
    command[1] = "inspect";
    command[2] = "--tls-verify=false";
    System.arraycopy(options, 0, command, 3, options.length);
    command[3 + options.length] = "--raw";
    command[4 + options.length] = "docker://" + host + "/" + repositoryAndTag;
    return ImageTests.json(run(temp, command));
  }

  /** Pulls {@code ref} into an empty store, as a second machine would, and reads every layer. */
  private StoredImage pullElsewhere(String ref, Map<String, String> environment) throws IOException {
    StoredImage pulled = resolver(ImageStore.open(Files.createTempDirectory(temp, "elsewhere")), PullPolicy.ALWAYS,
        RuntimeConfig.EMPTY, Platform.DEFAULT, environment, Progress.NONE).resolve(source(ref));
    pulled.readLayers(entry -> {});
    return pulled;
  }

  @Test
  void pushesAnImageThatSkopeoAndAnotherStoreReadBack() throws IOException {
    ImagePusher.Pushed pushed = pusher(origin, Map.of()).push(image.name(), reference(registry.host() + "/test/pushed:1"));
    assertEquals(image.descriptor().digest(), pushed.digest());
    assertEquals(2, pushed.uploaded(), "the config and the layer");
    assertTrue(pushed.uploadedBytes() > 40 << 20, "the layer went up: " + pushed.uploadedBytes());

    JsonNode manifest = skopeoInspect(registry.host(), "test/pushed:1");
    assertEquals(image.manifest().layers().get(0).digest().toString(), manifest.path("layers").path(0).path("digest").asText());
    assertEquals(image.descriptor().digest(), pullElsewhere(registry.host() + "/test/pushed:1", Map.of()).descriptor().digest());

    ImagePusher.Pushed again = pusher(origin, Map.of()).push(image.name(), reference(registry.host() + "/test/pushed:1"));
    assertEquals(0, again.uploaded(), "a second push sends no blob");
    assertEquals(2, again.present());
  }

  @Test
  void mountsBlobsFromAnotherRepositoryOfTheRegistry() throws IOException {
    pusher(origin, Map.of()).push(image.name(), reference(registry.host() + "/test/source:1"));
    StoredImage pulled = pullElsewhere(registry.host() + "/test/source:1", Map.of());

    ImagePusher.Pushed pushed = pusher(pulled.store(), Map.of()).push(pulled.name(), reference(registry.host() + "/team/copy:2"));
    assertEquals(2, pushed.mounted(), "the config and the layer are linked, not sent");
    assertEquals(0, pushed.uploaded());
    assertEquals(image.descriptor().digest(), pullElsewhere(registry.host() + "/team/copy:2", Map.of()).descriptor().digest());
  }

  @Test
  void aPushCutInTheMiddleOfTheLayerGoesOn() throws Exception {
    try (CuttingProxy proxy = CuttingProxy.start(registry.host())) {
      proxy.cutAfter(20 << 20);
      ImagePusher.Pushed pushed = pusher(origin, Map.of()).push(image.name(), reference(proxy.host() + "/test/cut:1"));
      assertTrue(proxy.hasCut(), "the connection was cut half way through the layer");
      assertEquals(image.descriptor().digest(), pushed.digest());
    }
    assertEquals(image.descriptor().digest(), pullElsewhere(registry.host() + "/test/cut:1", Map.of()).descriptor().digest());
  }

  @Test
  void credentialsComeFromADockerCredentialHelper() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("basic"));
    run(dir, "sh", "-c", "htpasswd -Bbn pusher 'pa ss' > htpasswd");
    try (LocalRegistry secured = LocalRegistry.start(dir, Optional.of("  htpasswd:\n    realm: imgc-test\n    path: "
        + dir.resolve("htpasswd")))) {
      Path bin = Files.createDirectories(dir.resolve("bin"));
      Path helper = bin.resolve("docker-credential-imgctest");
      Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread server\n[ \"$server\" = " + secured.host()
          + " ] || { echo 'credentials not found in native keychain'; exit 1; }\n"
          + "echo '{\"ServerURL\":\"'$server'\",\"Username\":\"pusher\",\"Secret\":\"pa ss\"}'\n");
      Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path config = Files.createDirectories(dir.resolve("docker"));
      Files.writeString(config.resolve("config.json"), "{\"credsStore\":\"imgctest\"}");
      Map<String, String> environment = new HashMap<>();
      environment.put("DOCKER_CONFIG", config.toString());
      environment.put("HOME", dir.toString());
      environment.put("PATH", bin + ":" + System.getenv("PATH"));

      ImagePusher.Pushed pushed = pusher(origin, environment).push(image.name(), reference(secured.host() + "/test/secret:1"));
      assertEquals(2, pushed.uploaded());
      assertEquals(image.descriptor().digest(), pullElsewhere(secured.host() + "/test/secret:1", environment).descriptor().digest());

      Map<String, String> anonymous = Map.of("HOME", Files.createDirectories(dir.resolve("nobody")).toString());
      ImageException refused = assertThrows(ImageException.class,
          () -> pusher(origin, anonymous).push(image.name(), reference(secured.host() + "/test/secret:2")));
      assertTrue(refused.getMessage().contains("refused access") && refused.getMessage().contains("(401)"), refused.getMessage());
    }
  }

  @Test
  void anIdentityTokenInAuthJsonIsTradedForAccessTokens() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("oauth"));
    try (TokenRealm realm = TokenRealm.start(dir, "tester", "not-used", "refresh-me");
        LocalRegistry secured = LocalRegistry.start(dir, Optional.of(realm.registryAuth()))) {
      Path auth = dir.resolve("auth.json");
      Files.writeString(auth, "{\"auths\":{\"" + secured.host() + "/test\":{\"identitytoken\":\"refresh-me\"}}}");
      Map<String, String> environment = Map.of("REGISTRY_AUTH_FILE", auth.toString(), "HOME", dir.toString());

      ImagePusher.Pushed pushed = pusher(origin, environment).push(image.name(), reference(secured.host() + "/test/oauth:1"));
      assertEquals(image.descriptor().digest(), pushed.digest());
      assertEquals(image.descriptor().digest(), pullElsewhere(secured.host() + "/test/oauth:1", environment).descriptor().digest());
    }
  }
}
