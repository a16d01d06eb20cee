package dev.imgc.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * registries.conf is read once, when a command first needs it, not again for each registry client, and
 * not at all by a command that speaks to no registry.
 */
class RegistryAccessTest {
  @TempDir Path dir;

  @Test
  void registriesConfIsReadOncePerCommand() throws Exception {
    Path conf = dir.resolve("registries.conf");
    Files.writeString(conf, """
        [[registry]]
        prefix = "example.com"
        location = "registry.internal:5000"
        """);
    Map<String, String> environment = Map.of("CONTAINERS_REGISTRIES_CONF", conf.toString(), "HOME", dir.toString());
    RegistryAccess access = RegistryAccess.load(Set.of(), NetworkTimeouts.DEFAULT, environment);
    ImageReference reference = ImageReference.parse("example.com/team/app:1");
    assertEquals("registry.internal:5000", access.pushClient(reference).registry());

    // Read again, this would now send the push elsewhere, or fail on the broken file.
    Files.writeString(conf, "[[registry]\nprefix = \"example.com\"\nlocation = \"elsewhere.internal\"\n");
    assertEquals("registry.internal:5000", access.pushClient(reference).registry());
    assertEquals("registry.internal:5000", access.client(access.conf().pullEndpoints(reference).get(0)).registry());
  }

  @Test
  void aMalformedRegistriesConfIsAnErrorOnlyWhenARegistryIsNeeded() throws Exception {
    Path conf = Files.writeString(dir.resolve("registries.conf"), "[[registry]\nprefix = \"example.com\"\n");
    Map<String, String> environment = Map.of("CONTAINERS_REGISTRIES_CONF", conf.toString(), "HOME", dir.toString());
    RegistryAccess access = RegistryAccess.load(Set.of(), NetworkTimeouts.DEFAULT, environment); // a compile of local images
    ImageException bad = assertThrows(ImageException.class, access::conf);
    assertTrue(bad.getMessage().startsWith(conf + " is not valid TOML ("), bad.getMessage());
  }
}
