package dev.imgc.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.image.UserHome;
import dev.imgc.image.oci.OciJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Basic credentials {@code docker login} saved in {@code $HOME/.docker/config.json} (or
 * {@code $DOCKER_CONFIG/config.json}): the {@code auth} member, base64 of {@code user:password}.
 * Credential helpers are not consulted. The secret is only ever put in an Authorization header.
 */
final class DockerCredentials {
  private final JsonNode auths;

  private DockerCredentials(JsonNode auths) {
    this.auths = auths;
  }

  static DockerCredentials load(Map<String, String> environment) {
    String dir = environment.get("DOCKER_CONFIG");
    Path file = (dir != null && !dir.isEmpty() ? Path.of(dir) : UserHome.directory(environment).resolve(".docker"))
        .resolve("config.json");
    try {
      if (Files.isRegularFile(file)) {
        return new DockerCredentials(OciJson.MAPPER.readTree(Files.readAllBytes(file)).path("auths"));
      }
    } catch (IOException e) {
      // An unreadable config means no credentials: anonymous access is tried, and a 401 says what failed.
    }
    return new DockerCredentials(OciJson.MAPPER.missingNode());
  }

  /** The value of a Basic Authorization header for {@code registry}, if config.json has one. */
  Optional<String> basic(String registry) {
    for (String key : keys(registry)) {
      JsonNode entry = auths.path(key);
      if (entry.hasNonNull("auth")) {
        return Optional.of("Basic " + entry.get("auth").asText());
      }
      if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
        String pair = entry.get("username").asText() + ":" + entry.get("password").asText();
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
    }
    return Optional.empty();
  }

  private static String[] keys(String registry) {
    if (registry.equals("docker.io")) {
      return new String[] {"https://index.docker.io/v1/", "docker.io", "index.docker.io", "registry-1.docker.io"};
    }
    return new String[] {registry, "https://" + registry, "http://" + registry};
  }
}
