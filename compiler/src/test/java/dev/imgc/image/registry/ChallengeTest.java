package dev.imgc.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  @Test
  void parsesDockerHubsBearerChallenge() {
    Challenge c = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
        + "scope=\"repository:library/alpine:pull\"").orElseThrow();
    assertEquals("bearer", c.scheme());
    assertEquals(Map.of("realm", "https://auth.docker.io/token", "service", "registry.docker.io",
        "scope", "repository:library/alpine:pull"), c.parameters());
  }

  @Test
  void parsesBasicAndUnquotedAndEscapedValues() {
    assertEquals(new Challenge("basic", Map.of("realm", "Registry \"x\"")), Challenge.parse("Basic realm=\"Registry \\\"x\\\"\"").orElseThrow());
    assertEquals(Map.of("realm", "r", "service", "s"), Challenge.parse("Bearer realm=r, service=s").orElseThrow().parameters());
    assertEquals(Optional.empty(), Challenge.parse(" "));
  }

  @Test
  void plainHttpOnlyForLoopbackAndNamedRegistries() {
    assertTrue(RegistryClient.plainHttp("localhost:5000", Set.of()));
    assertTrue(RegistryClient.plainHttp("127.0.0.1:5000", Set.of()));
    assertTrue(RegistryClient.plainHttp("127.1.2.3", Set.of()));
    assertFalse(RegistryClient.plainHttp("docker.io", Set.of()));
    assertFalse(RegistryClient.plainHttp("128.0.0.1:5000", Set.of()));
    assertTrue(RegistryClient.plainHttp("registry.lan:5000", Set.of("registry.lan:5000")));
    assertTrue(RegistryClient.plainHttp("registry.lan:5000", Set.of("registry.lan")));
  }
}
