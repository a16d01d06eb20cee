package dev.imgc.image.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.FetchSettings;
import dev.imgc.image.FileDigests;
import dev.imgc.image.ImageException;
import dev.imgc.image.ImageResolver;
import dev.imgc.image.ImageSource;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.PullPolicy;
import dev.imgc.image.RegistryAccess;
import dev.imgc.image.importer.ImportOptions;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching what was fetched before, without apt: the closure is remembered for a package apt has
 * never heard of, so any call of an apt tool would fail the fetch.
 */
class AptPackagesTest {
  private static final List<String> NAMES = List.of("imgc-test-no-such-package");

  @TempDir Path tmp;
  private Path cache;
  private Path lists;
  private AptState state;
  private AptPackages apt;
  private Path deb;

  @BeforeEach
  void rememberAFetch() throws Exception {
    cache = Files.createDirectories(tmp.resolve("debs"));
    lists = Files.createDirectories(tmp.resolve("lists"));
    Files.writeString(lists.resolve("Packages"), "Package: imgc-test-no-such-package\n");
    state = new AptState("amd64", List.of(), List.of(lists));
    deb = Files.writeString(cache.resolve("imgc-test-no-such-package_1_amd64.deb"), "a package's bytes");
    FileDigests digests = new FileDigests(tmp.resolve("file-digests"), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
    new ClosureMemo(cache.resolve("closures")).remember(NAMES, state.fingerprint(),
        List.of(new ResolvedPackage(NAMES.get(0), "1", deb.getFileName().toString(), Digest.ofFile(deb).hex())));
    apt = new AptPackages(cache, digests, state, NetworkTimeouts.DEFAULT, Map.of(), Progress.NONE);
  }

  @Test
  void aRememberedClosureOfCachedFilesNeedsNoApt() throws Exception {
    assertEquals(List.of(deb), apt.fetch(NAMES));
    assertEquals(List.of(deb), apt.fetch(NAMES));
  }

  @Test
  void anAptUpdateMakesAptResolveAgain() throws Exception {
    Files.writeString(lists.resolve("Packages"), "Package: imgc-test-no-such-package\nVersion: 2\n");
    ImageException e = assertThrows(ImageException.class, () -> apt.fetch(NAMES));
    assertTrue(e.getMessage().startsWith("apt knows no package named 'imgc-test-no-such-package'"), e.getMessage());
  }

  @Test
  void aCachedFileThatNoLongerHasTheListedDigestIsDownloadedAgain() throws Exception {
    Files.writeString(deb, "damaged bytes");
    ImageException e = assertThrows(ImageException.class, () -> apt.fetch(NAMES));
    assertTrue(e.getMessage().startsWith("apt-get download failed"), e.getMessage());
  }

  @Test
  void offlineTheCachedClosureIsUsed() throws Exception {
    assertEquals(List.of(deb), apt.fromCache(NAMES));
  }

  @Test
  void offlineAPackageTheCacheLacksIsAnErrorNotADownload() throws Exception {
    Files.writeString(deb, "damaged bytes");
    ImageException e = assertThrows(ImageException.class, () -> apt.fromCache(NAMES));
    assertEquals("the cache " + cache + " lacks 1 of the 1 packages imgc-test-no-such-package needs "
        + "(imgc-test-no-such-package), and --offline forbids downloading them", e.getMessage());
  }

  @Test
  void anOfflineBuildNeverDownloadsThePackagesADebImageNames() throws Exception {
    Path conf = Files.writeString(tmp.resolve("apt.conf"), "Dir::Etc::sourcelist \"" + tmp.resolve("none") + "\";\n"
        + "Dir::Etc::sourceparts \"" + tmp.resolve("none") + "\";\n"
        + "Dir::State::lists \"" + lists + "\";\n");
    Map<String, String> environment = Map.of("APT_CONFIG", conf.toString());
    Path debs = Files.createDirectories(AptPackages.cacheIn(tmp.resolve("user-cache")));
    new ClosureMemo(debs.resolve("closures")).remember(NAMES, AptState.host(environment).fingerprint(),
        List.of(new ResolvedPackage(NAMES.get(0), "1", deb.getFileName().toString(), Digest.ofFile(deb).hex())));
    ImageResolver offline = new ImageResolver(ImageStore.open(tmp.resolve("store")), new FetchSettings(PullPolicy.NEVER,
        Platform.DEFAULT, RegistryAccess.load(Set.of(), NetworkTimeouts.DEFAULT, environment), tmp.resolve("user-cache")),
        new ImportOptions(RuntimeConfig.EMPTY, Platform.DEFAULT, SourceDateEpoch.UNSET), Progress.NONE);
    ImageException e = assertThrows(ImageException.class, () -> offline.resolve(new ImageSource.DebPackages(NAMES)));
    assertTrue(e.getMessage().endsWith("--offline forbids downloading them"), e.getMessage());
  }
}
