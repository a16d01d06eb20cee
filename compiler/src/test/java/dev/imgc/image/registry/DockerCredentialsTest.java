package dev.imgc.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker login}'s credentials are read from {@code $HOME/.docker/config.json}, or {@code $DOCKER_CONFIG}. */
class DockerCredentialsTest {
  @TempDir Path dir;

  @Test
  void theConfigIsFoundUnderHomeAsTheEnvironmentGivesIt() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home/.docker")).getParent();
    Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{\"registry.example\":{\"auth\":\"dXNlcjpwYXNz\"}}}");

    assertEquals(Optional.of("Basic dXNlcjpwYXNz"), DockerCredentials.load(Map.of("HOME", home.toString())).basic("registry.example"));
  }

  @Test
  void dockerConfigWinsOverHome() throws Exception {
    Path config = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(config.resolve("config.json"), "{\"auths\":{\"registry.example\":{\"username\":\"u\",\"password\":\"p\"}}}");

    assertEquals(Optional.of("Basic dTpw"), DockerCredentials.load(Map.of("HOME", dir.toString(),
        "DOCKER_CONFIG", config.toString())).basic("registry.example"));
  }
}
