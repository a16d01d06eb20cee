package dev.imgc.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.image.ImageException;
import dev.imgc.image.UserHome;
import dev.imgc.image.oci.OciJson;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The credentials a user keeps for registries, found where podman, skopeo and Docker keep them, in
 * their order: {@code $REGISTRY_AUTH_FILE}, {@code $XDG_RUNTIME_DIR/containers/auth.json},
 * {@code $XDG_CONFIG_HOME/containers/auth.json} (default {@code ~/.config}), then Docker's
 * {@code $DOCKER_CONFIG/config.json} (default {@code ~/.docker}). In each file a registry's entry in
 * {@code credHelpers} names a helper that is asked first, then {@code credsStore}'s helper, then the
 * {@code auths} entry itself ({@code auth}, {@code username}/{@code password} or
 * {@code identitytoken}; auth.json's entries for a namespace, {@code registry/team}, win over the
 * registry's). Helpers follow Docker's {@code docker-credential-NAME get} protocol. Secrets are only
 * ever put in an Authorization header or a token request.
 */
public final class RegistryCredentials {
  private static final long HELPER_TIMEOUT_SECONDS = 30;

  /** What a registry or its token service is shown. */
  public sealed interface Credential permits Basic, IdentityToken {
    /** The Authorization header a registry that asks for Basic authentication gets. */
    Optional<String> basicHeader();
  }

  public record Basic(String username, String password) implements Credential {
    @Override
    public Optional<String> basicHeader() {
      return Optional.of("Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
      return "Basic[" + username + "]";
    }
  }

  /** An OAuth 2 refresh token, traded for an access token at the registry's realm. */
  public record IdentityToken(String token) implements Credential {
    @Override
    public Optional<String> basicHeader() {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "IdentityToken[…]";
    }
  }

  private record ConfigFile(Path path, JsonNode json) {}

  private final List<ConfigFile> files;
  private final Map<String, String> environment;

  private RegistryCredentials(List<ConfigFile> files, Map<String, String> environment) {
    this.files = files;
    this.environment = environment;
  }

  public static RegistryCredentials load(Map<String, String> environment) {
    List<ConfigFile> files = new ArrayList<>();
    for (Path path : locations(environment)) {
      try {
        if (Files.isRegularFile(path)) {
          files.add(new ConfigFile(path, OciJson.mapper().readTree(Files.readAllBytes(path))));
        }
      } catch (IOException e) {
        // An unreadable file holds no credentials: anonymous access is tried, and a 401 says what failed.
      }
    }
    return new RegistryCredentials(List.copyOf(files), Map.copyOf(environment));
  }

  static List<Path> locations(Map<String, String> environment) {
    List<Path> paths = new ArrayList<>();
    variable(environment, "REGISTRY_AUTH_FILE").map(Path::of).ifPresent(paths::add);
    variable(environment, "XDG_RUNTIME_DIR").map(d -> Path.of(d, "containers", "auth.json")).ifPresent(paths::add);
    Path config = variable(environment, "XDG_CONFIG_HOME").map(Path::of).orElseGet(() -> UserHome.directory(environment).resolve(".config"));
    paths.add(config.resolve("containers").resolve("auth.json"));
    paths.add(variable(environment, "DOCKER_CONFIG").map(Path::of).orElseGet(() -> UserHome.directory(environment).resolve(".docker"))
        .resolve("config.json"));
    return paths;
  }

  private static Optional<String> variable(Map<String, String> environment, String name) {
    return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
  }

  /** The credential for {@code repository} on {@code registry}, from the first place that has one. */
  public Optional<Credential> find(String registry, String repository) {
    for (ConfigFile file : files) {
      Optional<Credential> found = inFile(file, registry, repository);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<Credential> inFile(ConfigFile file, String registry, String repository) {
    for (String key : registryKeys(registry)) {
      JsonNode helper = file.json().path("credHelpers").path(key);
      if (helper.isTextual() && !helper.asText().isEmpty()) {
        return askHelper(helper.asText(), registry, file.path());
      }
    }
    if (file.json().path("credsStore").isTextual() && !file.json().path("credsStore").asText().isEmpty()) {
      Optional<Credential> stored = askHelper(file.json().path("credsStore").asText(), registry, file.path());
      if (stored.isPresent()) {
        return stored;
      }
    }
    JsonNode auths = file.json().path("auths");
    for (String key : namespaceKeys(registry, repository)) {
      Optional<Credential> entry = entry(auths.path(key));
      if (entry.isPresent()) {
        return entry;
      }
    }
    for (String key : registryKeys(registry)) {
      Optional<Credential> entry = entry(auths.path(key));
      if (entry.isPresent()) {
        return entry;
      }
    }
    return Optional.empty();
  }

  private static Optional<Credential> entry(JsonNode entry) {
    if (entry.hasNonNull("identitytoken") && !entry.get("identitytoken").asText().isEmpty()) {
      return Optional.of(new IdentityToken(entry.get("identitytoken").asText()));
    }
    if (entry.hasNonNull("auth") && !entry.get("auth").asText().isEmpty()) {
      String pair;
      try {
        pair = new String(Base64.getDecoder().decode(entry.get("auth").asText().trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = pair.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(new Basic(pair.substring(0, colon), pair.substring(colon + 1)));
    }
    if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
      return Optional.of(new Basic(entry.get("username").asText(), entry.get("password").asText()));
    }
    return Optional.empty();
  }

  /** auth.json's keys for a repository's namespaces, most specific first: {@code reg/a/b/c}, {@code reg/a/b}, {@code reg/a}. */
  private static List<String> namespaceKeys(String registry, String repository) {
    List<String> keys = new ArrayList<>();
    for (String path = repository; !path.isEmpty(); path = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "") {
      keys.add(registry + "/" + path);
    }
    return keys;
  }

  private static List<String> registryKeys(String registry) {
    if (registry.equals("docker.io")) {
      return List.of("https://index.docker.io/v1/", "docker.io", "index.docker.io", "registry-1.docker.io");
    }
    return List.of(registry, "https://" + registry, "http://" + registry);
  }

  /** Asks {@code docker-credential-NAME get} for the registry's credentials; empty if it has none. */
  private Optional<Credential> askHelper(String name, String registry, Path namedIn) {
    String program = "docker-credential-" + name;
    Path executable = onPath(program).orElseThrow(() -> new ImageException(namedIn + " names the credential helper " + name
        + ", but " + program + " is not on the PATH; install it, or remove it from " + namedIn));
    String server = registry.equals("docker.io") ? "https://index.docker.io/v1/" : registry;
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(executable.toString(), "get").redirectError(ProcessBuilder.Redirect.PIPE);
      builder.environment().putAll(environment);
      process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(server.getBytes(StandardCharsets.UTF_8));
      } catch (IOException exitedWithoutReading) {
        // A helper may answer (or fail) without reading the server: its exit status and output tell.
      }
      byte[] out;
      byte[] err;
      try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
        if (!process.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new ImageException("the credential helper " + program + " gave no answer within " + HELPER_TIMEOUT_SECONDS
              + " s (asked for " + server + "); check that it works: echo " + server + " | " + program + " get");
        }
        out = stdout.readNBytes(1 << 20);
        err = stderr.readNBytes(1 << 16);
      }
      if (process.exitValue() != 0) {
        String said = new String(err, StandardCharsets.UTF_8).strip() + new String(out, StandardCharsets.UTF_8).strip();
        if (said.toLowerCase(java.util.Locale.ROOT).contains("not found")) {
          return Optional.empty();
        }
        throw new ImageException("the credential helper " + program + " failed for " + server + ": "
            + (said.isEmpty() ? "exit status " + process.exitValue() : said.lines().findFirst().orElse(said)));
      }
      JsonNode answer = OciJson.mapper().readTree(out);
      String user = answer.path("Username").asText("");
      String secret = answer.path("Secret").asText("");
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(user.equals("<token>") ? new IdentityToken(secret) : new Basic(user, secret));
    } catch (IOException e) {
      throw new ImageException("the credential helper " + program + " could not be asked for " + server + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException("interrupted while asking the credential helper " + program);
    }
  }

  private Optional<Path> onPath(String program) {
    String path = Optional.ofNullable(environment.get("PATH")).orElse(Optional.ofNullable(System.getenv("PATH")).orElse(""));
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(Path.of(dir, program));
      }
    }
    return Optional.empty();
  }
}
