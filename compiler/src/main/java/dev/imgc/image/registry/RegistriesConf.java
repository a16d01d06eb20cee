package dev.imgc.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.imgc.image.ImageException;
import dev.imgc.image.ImageReference;
import dev.imgc.image.UserHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The registries settings podman, skopeo and buildah read (containers-registries.conf(5), version 2):
 * {@code [[registry]]} tables that move a namespace to another {@code location}, mark it
 * {@code insecure} (plain HTTP) or {@code blocked}, and give it {@code [[registry.mirror]]}s tried before
 * it when pulling. The file is {@code $CONTAINERS_REGISTRIES_CONF} when set, else
 * {@code $XDG_CONFIG_HOME/containers/registries.conf} ({@code ~/.config}) when it exists, else
 * {@code /etc/containers/registries.conf}; the {@code registries.conf.d/*.conf} beside it are read after
 * it, in name order, a later table for the same prefix replacing an earlier one.
 */
public final class RegistriesConf {
  /** One place to pull from or push to: a registry host and the repository there, and whether it speaks plain HTTP. */
  public record Endpoint(String registry, String repository, boolean insecure) {}

  private record Mirror(String location, boolean insecure, String pullFrom) {}

  private record Entry(String prefix, String location, boolean insecure, boolean blocked, boolean mirrorByDigestOnly,
      List<Mirror> mirrors) {}

  public static final RegistriesConf NONE = new RegistriesConf(List.of());

  private final List<Entry> entries;

  private RegistriesConf(List<Entry> entries) {
    this.entries = entries;
  }

  public static RegistriesConf load(Map<String, String> environment) {
    return load(mainFile(environment));
  }

  static Path mainFile(Map<String, String> environment) {
    String named = environment.get("CONTAINERS_REGISTRIES_CONF");
    if (named != null && !named.isEmpty()) {
      return Path.of(named);
    }
    String config = environment.get("XDG_CONFIG_HOME");
    Path user = (config != null && !config.isEmpty() ? Path.of(config) : UserHome.directory(environment).resolve(".config"))
        .resolve("containers").resolve("registries.conf");
    return Files.exists(user) ? user : Path.of("/etc/containers/registries.conf");
  }

  static RegistriesConf load(Path file) {
    List<Path> files = new ArrayList<>();
    if (Files.isRegularFile(file)) {
      files.add(file);
    }
    Path dropIns = file.resolveSibling("registries.conf.d");
    if (Files.isDirectory(dropIns)) {
      try (Stream<Path> listing = Files.list(dropIns)) {
        listing.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new ImageException("cannot read " + dropIns + ": " + e.getMessage());
      }
    }
    List<Entry> entries = new ArrayList<>();
    TomlMapper toml = new TomlMapper();
    for (Path path : files) {
      JsonNode root;
      try {
        root = toml.readTree(Files.readAllBytes(path));
      } catch (IOException e) {
        throw new ImageException(path + " is not valid TOML (" + firstLine(e.getMessage()) + "); fix it, or point "
            + "CONTAINERS_REGISTRIES_CONF at another file");
      }
      for (JsonNode table : root.path("registry")) {
        Entry entry = entry(table, path);
        entries.removeIf(e -> e.prefix().equals(entry.prefix()));
        entries.add(entry);
      }
    }
    entries.sort(Comparator.comparingInt((Entry e) -> e.prefix().length()).reversed());
    return new RegistriesConf(List.copyOf(entries));
  }

  private static Entry entry(JsonNode table, Path file) {
    String location = table.path("location").asText("");
    String prefix = table.path("prefix").asText(location);
    if (prefix.isEmpty()) {
      throw new ImageException(file + " has a [[registry]] with neither prefix nor location; give it one");
    }
    List<Mirror> mirrors = new ArrayList<>();
    for (JsonNode mirror : table.path("mirror")) {
      String mirrorLocation = mirror.path("location").asText("");
      if (mirrorLocation.isEmpty()) {
        throw new ImageException(file + " has a mirror of " + prefix + " without a location; give it one");
      }
      mirrors.add(new Mirror(mirrorLocation, mirror.path("insecure").asBoolean(false), mirror.path("pull-from-mirror").asText("all")));
    }
    return new Entry(prefix, location.isEmpty() ? prefix : location, table.path("insecure").asBoolean(false),
        table.path("blocked").asBoolean(false), table.path("mirror-by-digest-only").asBoolean(false), List.copyOf(mirrors));
  }

  private static String firstLine(String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
  }

  /** The table for {@code reference}: the longest prefix that matches at a path boundary (or a {@code *.domain} wildcard). */
  private Optional<Entry> entry(ImageReference reference) {
    String name = reference.name();
    for (Entry entry : entries) {
      String prefix = entry.prefix();
      if (prefix.startsWith("*.")) {
        if (reference.domain().endsWith(prefix.substring(1))) {
          return Optional.of(entry);
        }
      } else if (name.equals(prefix) || name.startsWith(prefix + "/") || reference.domain().equals(prefix)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /**
   * Where {@code reference} is pulled from, in order: its mirrors (those that serve a pull by tag
   * only when the reference has no digest, as {@code pull-from-mirror} and {@code mirror-by-digest-only}
   * say), then its location. A blocked namespace is an {@link ImageException}.
   */
  public List<Endpoint> pullEndpoints(ImageReference reference) {
    Optional<Entry> entry = entry(reference);
    if (entry.isEmpty()) {
      return List.of(new Endpoint(reference.domain(), reference.path(), false));
    }
    refuseBlocked(entry.get(), reference);
    boolean byDigest = reference.digest().isPresent();
    List<Endpoint> endpoints = new ArrayList<>();
    for (Mirror mirror : entry.get().mirrors()) {
      boolean serves = switch (entry.get().mirrorByDigestOnly() ? "digest-only" : mirror.pullFrom()) {
        case "digest-only" -> byDigest;
        case "tag-only" -> !byDigest;
        default -> true;
      };
      if (serves) {
        endpoints.add(endpoint(rewrite(reference, entry.get().prefix(), mirror.location()), mirror.insecure()));
      }
    }
    endpoints.add(endpoint(rewrite(reference, entry.get().prefix(), entry.get().location()), entry.get().insecure()));
    return List.copyOf(endpoints);
  }

  /** Where {@code reference} is pushed: its location, never a mirror. */
  public Endpoint pushEndpoint(ImageReference reference) {
    Optional<Entry> entry = entry(reference);
    if (entry.isEmpty()) {
      return new Endpoint(reference.domain(), reference.path(), false);
    }
    refuseBlocked(entry.get(), reference);
    return endpoint(rewrite(reference, entry.get().prefix(), entry.get().location()), entry.get().insecure());
  }

  private static void refuseBlocked(Entry entry, ImageReference reference) {
    if (entry.blocked()) {
      throw new ImageException(reference + " is in " + entry.prefix() + ", which registries.conf blocks");
    }
  }

  /** {@code reference}'s name with {@code prefix} replaced by {@code location}; a wildcard prefix keeps the name. */
  private static String rewrite(ImageReference reference, String prefix, String location) {
    if (prefix.startsWith("*.")) {
      return reference.name();
    }
    String name = reference.name();
    if (name.startsWith(prefix)) {
      return location + name.substring(prefix.length());
    }
    return location + name.substring(reference.domain().length());
  }

  private static Endpoint endpoint(String name, boolean insecure) {
    int slash = name.indexOf('/');
    if (slash < 0) {
      throw new ImageException("registries.conf moves an image to '" + name + "', which names no repository");
    }
    return new Endpoint(name.substring(0, slash), name.substring(slash + 1), insecure);
  }
}
