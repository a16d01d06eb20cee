package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code imgc compile}, run as a real process, puts the store and the cache: under {@code $HOME}
 * as the environment gives it (the JVM's {@code user.home} comes from the password database), the cache
 * under {@code $XDG_CACHE_HOME}, or where {@code IMGC_CACHE} or {@code --cache} say, never beside a store
 * named elsewhere.
 */
class UserPathsTest {
  @TempDir Path work;

  private GoldenSpec spec;
  private Path home;

  @BeforeEach
  void specAndHome() throws IOException {
    spec = GoldenSpec.create(work.resolve("images"));
    home = Files.createDirectories(work.resolve("home"));
  }

  @Test
  void homeFromTheEnvironmentHoldsTheStoreAndTheCache() throws Exception {
    compile(Map.of());
    assertTrue(Files.isRegularFile(home.resolve(".imgc/store/index.json")));
    assertCacheAt(home.resolve(".cache/imgc"));
    assertEquals(List.of(".cache", ".imgc"), names(home));
  }

  @Test
  void xdgCacheHomeHoldsTheCacheWhereverTheStoreIs() throws Exception {
    Path store = work.resolve("shared/store");
    compile(Map.of("XDG_CACHE_HOME", work.resolve("xdg").toString(), "IMGC_STORE", store.toString()));
    assertTrue(Files.isRegularFile(store.resolve("index.json")));
    assertCacheAt(work.resolve("xdg/imgc"));
    assertEquals(List.of("store"), names(store.getParent()), "nothing beside the store");
    assertFalse(Files.exists(home.resolve(".imgc")));
  }

  @Test
  void imgcCacheNamesTheCacheAndTheCacheOptionOverridesIt() throws Exception {
    compile(Map.of("IMGC_CACHE", work.resolve("named").toString(), "XDG_CACHE_HOME", work.resolve("xdg").toString()));
    assertCacheAt(work.resolve("named"));
    assertFalse(Files.exists(work.resolve("xdg")));

    compile(Map.of("IMGC_CACHE", work.resolve("named").toString()), "--cache", work.resolve("option").toString());
    assertCacheAt(work.resolve("option"));
  }

  /** The content cache holds the layer files, the listings cache the layers' listings, the build cache the outputs. */
  private static void assertCacheAt(Path cache) throws IOException {
    assertTrue(Files.isDirectory(cache.resolve("content")) && !names(cache.resolve("content")).isEmpty(),
        "content cache at " + cache);
    assertFalse(names(cache.resolve("listings")).isEmpty(), "listings at " + cache);
    assertFalse(names(cache.resolve("builds")).isEmpty(), "build cache at " + cache);
  }

  /** Runs {@code imgc compile} with only {@code HOME} and {@code variables} of imgc's environment set. */
  private void compile(Map<String, String> variables, String... more) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "dev.imgc.cli.Main"));
    command.addAll(spec.compileArgumentsWithDefaultPaths());
    command.addAll(List.of("-o", work.resolve("out").toString()));
    command.addAll(List.of(more));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("compile.log").toFile());
    Map<String, String> environment = builder.environment();
    List.of("XDG_CACHE_HOME", "IMGC_CACHE", "IMGC_STORE", "DOCKER_CONFIG").forEach(environment::remove);
    environment.put("HOME", home.toString());
    environment.putAll(variables);
    int status = builder.start().waitFor();
    assertEquals(0, status, () -> "imgc compile failed: " + read(work.resolve("compile.log")));
  }

  private static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
