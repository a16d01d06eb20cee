package dev.imgc.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.ImageException;
import dev.imgc.image.ImageReference;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.registry.RegistriesConf.Endpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** registries.conf as containers-registries.conf(5) describes it: locations, mirrors, insecure, blocked, drop-ins. */
class RegistriesConfTest {
  @TempDir Path dir;

  private RegistriesConf conf(String toml) throws Exception {
    Path file = dir.resolve("registries.conf");
    Files.writeString(file, toml);
    return RegistriesConf.load(Map.of("CONTAINERS_REGISTRIES_CONF", file.toString()));
  }

  private static ImageReference ref(String text) throws InvalidReferenceException {
    return ImageReference.parse(text);
  }

  @Test
  void theLongestPrefixMovesANamespaceAndItsMirrorsComeFirst() throws Exception {
    RegistriesConf conf = conf("""
        [[registry]]
        prefix = "example.com"
        location = "registry.internal:5000"

        [[registry]]
        prefix = "example.com/team"
        location = "team.internal/mirrored/team"
        insecure = true
        [[registry.mirror]]
        location = "cache.internal/team"
        [[registry.mirror]]
        location = "digests.internal/team"
        pull-from-mirror = "digest-only"
        """);
    assertEquals(List.of(new Endpoint("cache.internal", "team/app", false), new Endpoint("team.internal", "mirrored/team/app", true)),
        conf.pullEndpoints(ref("example.com/team/app:1")));
    assertEquals(List.of(new Endpoint("cache.internal", "team/app", false), new Endpoint("digests.internal", "team/app", false),
        new Endpoint("team.internal", "mirrored/team/app", true)),
        conf.pullEndpoints(ref("example.com/team/app@sha256:" + "a".repeat(64))));
    assertEquals(new Endpoint("team.internal", "mirrored/team/app", true), conf.pushEndpoint(ref("example.com/team/app:1")),
        "a push never goes to a mirror");
    assertEquals(List.of(new Endpoint("registry.internal:5000", "other/app", false)), conf.pullEndpoints(ref("example.com/other/app:1")));
    assertEquals(List.of(new Endpoint("registry.internal:5000", "teamwork/app", false)), conf.pullEndpoints(ref("example.com/teamwork/app:1")),
        "example.com/team does not match example.com/teamwork: prefixes match at a path boundary");
    assertEquals(List.of(new Endpoint("docker.io", "library/alpine", false)), conf.pullEndpoints(ref("alpine")));
  }

  @Test
  void blockedWildcardsDigestOnlyMirrorsAndDropIns() throws Exception {
    Path dropIns = Files.createDirectories(dir.resolve("registries.conf.d"));
    Files.writeString(dropIns.resolve("50-later.conf"), "[[registry]]\nlocation = \"quay.io\"\nblocked = true\n");
    Files.writeString(dropIns.resolve("ignored.txt"), "not toml at all [[[");
    RegistriesConf conf = conf("""
        [[registry]]
        location = "quay.io"
        [[registry]]
        prefix = "*.corp.example"
        insecure = true
        [[registry]]
        location = "docker.io"
        mirror-by-digest-only = true
        [[registry.mirror]]
        location = "mirror.gcr.io"
        """);
    ImageException blocked = assertThrows(ImageException.class, () -> conf.pullEndpoints(ref("quay.io/x/y:1")));
    assertEquals("quay.io/x/y:1 is in quay.io, which registries.conf blocks", blocked.getMessage());
    assertEquals(List.of(new Endpoint("images.corp.example", "team/app", true)), conf.pullEndpoints(ref("images.corp.example/team/app:2")));
    assertEquals(List.of(new Endpoint("docker.io", "library/alpine", false)), conf.pullEndpoints(ref("alpine:3")),
        "mirror-by-digest-only: a tag goes to the registry itself");
    assertEquals(2, conf.pullEndpoints(ref("alpine@sha256:" + "b".repeat(64))).size());
  }

  @Test
  void noFileMeansNoChangeAndABadFileIsOneSentence() throws Exception {
    assertEquals(List.of(new Endpoint("ghcr.io", "o/r", false)),
        RegistriesConf.load(Map.of("CONTAINERS_REGISTRIES_CONF", dir.resolve("absent.conf").toString())).pullEndpoints(ref("ghcr.io/o/r:1")));
    ImageException bad = assertThrows(ImageException.class, () -> conf("[[registry]\nlocation = "));
    assertTrue(bad.getMessage().startsWith(dir.resolve("registries.conf") + " is not valid TOML ("), bad.getMessage());
    assertTrue(bad.getMessage().endsWith("fix it, or point CONTAINERS_REGISTRIES_CONF at another file"), bad.getMessage());
    ImageException empty = assertThrows(ImageException.class, () -> conf("[[registry]]\ninsecure = true\n"));
    assertTrue(empty.getMessage().endsWith("has a [[registry]] with neither prefix nor location; give it one"), empty.getMessage());
  }

  @Test
  void mangledFilesLoadOrAreRefusedInOneSentence() throws Exception {
    String seed = "[[registry]]\nprefix = \"example.com/team\"\nlocation = \"mirror.internal/x\"\ninsecure = true\n"
        + "[[registry.mirror]]\nlocation = \"m.internal\"\npull-from-mirror = \"tag-only\"\n";
    Random random = new Random(5);
    long end = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < end) {
      byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
      for (int n = 1 + random.nextInt(6); n > 0; n--) {
        bytes[random.nextInt(bytes.length)] = (byte) "[]=\"\n.#*/ a\u0000".charAt(random.nextInt(12));
      }
      Path file = dir.resolve("fuzz.conf");
      Files.write(file, bytes);
      try {
        RegistriesConf conf = RegistriesConf.load(Map.of("CONTAINERS_REGISTRIES_CONF", file.toString()));
        conf.pullEndpoints(ref("example.com/team/app:1"));
        conf.pushEndpoint(ref("example.com/team/app:1"));
      } catch (ImageException e) {
        assertTrue(!e.getMessage().isBlank() && e.getMessage().lines().count() <= 2, e.getMessage());
      }
    }
  }
}
