package dev.imgc.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.CuttingProxy;
import dev.imgc.image.ImageException;
import dev.imgc.image.LocalRegistry;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.artifact.OutputFile;
import dev.imgc.image.registry.RegistryClient;
import dev.imgc.image.store.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote build cache under concurrency and faults: two machines keeping one key at once, a keep
 * cut half way. What a reader gets is the whole entry or a miss, never part of one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteCacheTest {
  private static final String KEY = "5e".repeat(32);

  @TempDir static Path temp;
  private LocalRegistry registry;
  private List<OutputFile> files;

  @BeforeAll
  void registryAndOutputs() throws Exception {
    registry = LocalRegistry.start(Files.createDirectories(temp.resolve("registry")), Optional.empty());
    byte[] disk = new byte[24 << 20];
    new Random(3).nextBytes(disk);
    Path out = Files.createDirectories(temp.resolve("out"));
    Files.write(out.resolve("app-efi.img"), disk);
    Files.writeString(out.resolve("app-cmdline"), "console=ttyS0");
    files = List.of(new OutputFile("app-efi.img", "raw-efi", out.resolve("app-efi.img")),
        new OutputFile("app-cmdline", "kernel+initrd", out.resolve("app-cmdline")));
  }

  @AfterAll
  void stop() throws InterruptedException {
    registry.close();
  }

  private static RemoteCache cache(String host, String repository, int attempts) {
    NetworkTimeouts timeouts = new NetworkTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), attempts, Duration.ofSeconds(1));
    return new RemoteCache(new RegistryClient(host, repository, Set.of(), Map.of(), timeouts), Progress.NONE);
  }

  private void assertFetchesTheFiles(String repository) throws Exception {
    Path target = Files.createTempDirectory(temp, "fetched");
    Optional<List<Path>> fetched = cache(registry.host(), repository, 2).fetch(KEY, List.of("app-efi.img", "app-cmdline"), target);
    assertTrue(fetched.isPresent(), "a hit");
    for (OutputFile file : files) {
      assertEquals(-1L, Files.mismatch(file.path(), target.resolve(file.fileName())), file.fileName());
    }
  }

  @Test
  void twoMachinesKeepingOneKeyAtOnceLeaveOneWholeEntry() throws Exception {
    ExecutorService machines = Executors.newFixedThreadPool(2);
    try {
      List<Future<Object>> keeps = machines.invokeAll(List.of(
          () -> {
            cache(registry.host(), "shared", 4).keep(KEY, files, Map.of());
            return null;
          },
          () -> {
            cache(registry.host(), "shared", 4).keep(KEY, files, Map.of());
            return null;
          }));
      for (Future<Object> keep : keeps) {
        keep.get();
      }
    } finally {
      machines.shutdown();
    }
    assertFetchesTheFiles("shared");
  }

  @Test
  void aKeepCutHalfWayIsAMissNotHalfAnEntry() throws Exception {
    try (CuttingProxy proxy = CuttingProxy.start(registry.host())) {
      proxy.cutAfter(8 << 20);
      assertThrows(ImageException.class, () -> cache(proxy.host(), "cut", 1).keep(KEY, files, Map.of()));
      assertTrue(proxy.hasCut());
    }
    Path target = Files.createTempDirectory(temp, "after-cut");
    assertEquals(Optional.empty(), cache(registry.host(), "cut", 1).fetch(KEY, List.of("app-efi.img", "app-cmdline"), target),
        "the tag is pushed last: a cut keep leaves none");
    try (var left = Files.list(target)) {
      assertEquals(0, left.count());
    }
    cache(registry.host(), "cut", 2).keep(KEY, files, Map.of());
    assertFetchesTheFiles("cut");
  }
}
