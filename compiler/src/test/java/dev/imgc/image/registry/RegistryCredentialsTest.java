package dev.imgc.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.ImageException;
import dev.imgc.image.registry.RegistryCredentials.Basic;
import dev.imgc.image.registry.RegistryCredentials.IdentityToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials are found where podman, skopeo and Docker keep them, in their order; helpers speak
 * Docker's protocol. (The pushes and pulls they authenticate are in ImagePushTest and RegistryPullTest.)
 */
class RegistryCredentialsTest {
  @TempDir Path dir;

  private Path write(String relative, String json) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
    return file;
  }

  private static String auth(String registry, String user, String password) {
    String pair = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + pair + "\"}}}";
  }

  @Test
  void dockersConfigIsFoundUnderHomeOrDockerConfig() throws Exception {
    write("home/.docker/config.json", "{\"auths\":{\"registry.example\":{\"auth\":\"dXNlcjpwYXNz\"}}}");
    assertEquals(Optional.of(new Basic("user", "pass")),
        RegistryCredentials.load(Map.of("HOME", dir.resolve("home").toString())).find("registry.example", "team/app"));
    assertEquals(Optional.of("Basic dXNlcjpwYXNz"), new Basic("user", "pass").basicHeader());

    write("elsewhere/config.json", "{\"auths\":{\"registry.example\":{\"username\":\"u\",\"password\":\"p\"}}}");
    assertEquals(Optional.of(new Basic("u", "p")), RegistryCredentials.load(Map.of("HOME", dir.resolve("home").toString(),
        "DOCKER_CONFIG", dir.resolve("elsewhere").toString())).find("registry.example", "team/app"));
  }

  @Test
  void podmansAuthFilesComeBeforeDockersInTheirOrder() throws Exception {
    write("home/.docker/config.json", auth("r.example", "docker", "1"));
    write("home/.config/containers/auth.json", auth("r.example", "config", "2"));
    write("run/containers/auth.json", auth("r.example", "runtime", "3"));
    write("explicit.json", auth("r.example", "explicit", "4"));
    String home = dir.resolve("home").toString();
    String run = dir.resolve("run").toString();

    assertEquals("docker", user(Map.of("HOME", home, "XDG_CONFIG_HOME", dir.resolve("none").toString())));
    assertEquals("config", user(Map.of("HOME", home)));
    assertEquals("runtime", user(Map.of("HOME", home, "XDG_RUNTIME_DIR", run)));
    assertEquals("explicit", user(Map.of("HOME", home, "XDG_RUNTIME_DIR", run, "REGISTRY_AUTH_FILE", dir.resolve("explicit.json").toString())));
  }

  private static String user(Map<String, String> environment) {
    return ((Basic) RegistryCredentials.load(environment).find("r.example", "x").orElseThrow()).username();
  }

  @Test
  void aNamespaceEntryWinsOverTheRegistrysAndDockerHubHasItsOldKey() throws Exception {
    write("auth.json", "{\"auths\":{"
        + "\"r.example\":{\"auth\":\"" + java.util.Base64.getEncoder().encodeToString("all:x".getBytes()) + "\"},"
        + "\"r.example/team\":{\"auth\":\"" + java.util.Base64.getEncoder().encodeToString("team:y".getBytes()) + "\"},"
        + "\"https://index.docker.io/v1/\":{\"identitytoken\":\"hub-token\"}}}");
    RegistryCredentials credentials = RegistryCredentials.load(Map.of("REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString(),
        "HOME", dir.toString()));
    assertEquals("team", ((Basic) credentials.find("r.example", "team/app/web").orElseThrow()).username());
    assertEquals("all", ((Basic) credentials.find("r.example", "other/app").orElseThrow()).username());
    assertEquals(Optional.of(new IdentityToken("hub-token")), credentials.find("docker.io", "library/alpine"));
    assertEquals(Optional.empty(), credentials.find("unknown.example", "x"));
  }

  private Path helper(String name, String script) throws Exception {
    Path helper = Files.createDirectories(dir.resolve("bin")).resolve("docker-credential-" + name);
    Files.writeString(helper, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    return helper;
  }

  @Test
  void aRegistrysHelperIsAskedBeforeTheStoreAndTheStoreBeforeAuths() throws Exception {
    helper("one", "read s; echo '{\"ServerURL\":\"'$s'\",\"Username\":\"from-one\",\"Secret\":\"1\"}'\n");
    helper("store", "read s; [ \"$s\" = https://index.docker.io/v1/ ] && echo '{\"Username\":\"<token>\",\"Secret\":\"hub\"}' "
        + "|| { echo 'credentials not found in native keychain'; exit 1; }\n");
    write("docker/config.json", "{\"credHelpers\":{\"r.example\":\"one\"},\"credsStore\":\"store\","
        + "\"auths\":{\"s.example\":{\"username\":\"plain\",\"password\":\"p\"}}}");
    RegistryCredentials credentials = RegistryCredentials.load(Map.of("DOCKER_CONFIG", dir.resolve("docker").toString(),
        "HOME", dir.toString(), "PATH", dir.resolve("bin").toString()));
    assertEquals(Optional.of(new Basic("from-one", "1")), credentials.find("r.example", "x"));
    assertEquals(Optional.of(new IdentityToken("hub")), credentials.find("docker.io", "library/busybox"));
    assertEquals(Optional.of(new Basic("plain", "p")), credentials.find("s.example", "x"), "the store has none: auths answers");
  }

  @Test
  void aMissingOrFailingHelperIsOneSentence() throws Exception {
    write("docker/config.json", "{\"credsStore\":\"absent\",\"credHelpers\":{\"f.example\":\"broken\"}}");
    helper("broken", "echo 'the keyring is locked' >&2; exit 3\n");
    RegistryCredentials credentials = RegistryCredentials.load(Map.of("DOCKER_CONFIG", dir.resolve("docker").toString(),
        "HOME", dir.toString(), "PATH", dir.resolve("bin").toString()));
    ImageException missing = assertThrows(ImageException.class, () -> credentials.find("r.example", "x"));
    assertTrue(missing.getMessage().contains("docker-credential-absent is not on the PATH"), missing.getMessage());
    ImageException failing = assertThrows(ImageException.class, () -> credentials.find("f.example", "x"));
    assertEquals("the credential helper docker-credential-broken failed for f.example: the keyring is locked", failing.getMessage());
  }

  @Test
  void damagedConfigFilesHoldNoCredentials() throws Exception {
    Random random = new Random(20);
    String[] pieces = {"{", "}", "\"auths\"", ":", ",", "\"r.example\"", "\"auth\"", "\"!!notbase64\"", "\"dTpw\"", "[", "]",
        "null", "\"username\"", "1", "\"identitytoken\"", "\"\"", "\"credHelpers\"", "\u0000", "\"\\u00e9\""};
    long end = System.nanoTime() + 2_000_000_000L;
    for (int i = 0; System.nanoTime() < end; i++) {
      StringBuilder json = new StringBuilder();
      for (int n = random.nextInt(30); n > 0; n--) {
        json.append(pieces[random.nextInt(pieces.length)]);
      }
      Path file = write("fuzz/auth-" + (i % 4) + ".json", json.toString());
      try {
        RegistryCredentials.load(Map.of("REGISTRY_AUTH_FILE", file.toString(), "HOME", dir.resolve("fuzz").toString(),
            "PATH", dir.resolve("no-bin").toString())).find("r.example", "team/x");
      } catch (ImageException e) {
        assertTrue(e.getMessage().contains("is not on the PATH"), json + " → " + e.getMessage());
      }
    }
  }
}
