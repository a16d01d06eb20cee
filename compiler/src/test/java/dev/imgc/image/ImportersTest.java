package dev.imgc.image;

import static dev.imgc.image.ImageTests.layerListing;
import static dev.imgc.image.ImageTests.resolver;
import static dev.imgc.image.ImageTests.run;
import static dev.imgc.image.ImageTests.skopeoConfig;
import static dev.imgc.image.ImageTests.skopeoInspect;
import static dev.imgc.image.ImageTests.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Index;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every transport imported into a store, and the result read back with skopeo, umoci and tar. */
class ImportersTest {
  @TempDir Path temp;

  /**
   * A small root filesystem: nested directories, setuid, a symlink, a hard link, a fifo; every time
   * 2001-09-09T01:46:40Z but the symlink's (2001-09-09T01:46:41Z) and usr/bin's (2001-09-09T01:46:42Z).
   */
  private Path rootfs(String name) throws IOException {
    Path root = temp.resolve(name);
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/motd"), "hello\n");
    Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\n");
    run(root, "chmod", "4755", "usr/bin/tool");
    run(root, "chmod", "0700", "etc");
    Files.createSymbolicLink(root.resolve("usr/bin/sh"), Path.of("tool"));
    Files.createLink(root.resolve("usr/bin/tool2"), root.resolve("usr/bin/tool"));
    run(root, "mkfifo", "etc/pipe");
    run(root, "touch", "-h", "-d", "@1000000000", "etc/motd", "etc/pipe", "usr/bin/tool", "etc", "usr");
    run(root, "touch", "-h", "-d", "@1000000001", "usr/bin/sh");
    run(root, "touch", "-h", "-d", "@1000000002", "usr/bin");
    return root;
  }

  @Test
  void dirImportKeepsModesLinksAndTimesSortsNamesAndIsReproducible() throws IOException {
    ImageStore store = ImageStore.open(temp.resolve("store"));
    Path first = rootfs("a");
    StoredImage image = resolver(store).importAs("docker.io/test/dir:1", source("dir:" + first));

    assertEquals(List.of(
        "drwx------ 0/0 0 2001-09-09 01:46:40 etc/",
        "-rw-r--r-- 0/0 6 2001-09-09 01:46:40 etc/motd",
        "prw-r--r-- 0/0 0 2001-09-09 01:46:40 etc/pipe",
        "drwxr-xr-x 0/0 0 2001-09-09 01:46:40 usr/",
        "drwxr-xr-x 0/0 0 2001-09-09 01:46:42 usr/bin/",
        "lrwxrwxrwx 0/0 0 2001-09-09 01:46:41 usr/bin/sh -> tool",
        "-rwsr-xr-x 0/0 10 2001-09-09 01:46:40 usr/bin/tool",
        "hrwsr-xr-x 0/0 0 2001-09-09 01:46:40 usr/bin/tool2 link to usr/bin/tool"),
        fullTimeListing(image));
    JsonNode inspect = skopeoInspect(store, "docker.io/test/dir:1");
    assertEquals(image.descriptor().digest().toString(), inspect.get("Digest").asText());
    assertEquals("amd64", inspect.get("Architecture").asText());
    assertEquals("1970-01-01T00:00:00Z", inspect.get("Created").asText(), "what imgc makes is dated 0");

    // The same tree elsewhere, with the same times, gives the same image; another time, another image.
    StoredImage again = resolver(store).importAs("docker.io/test/dir:2", source("dir://" + rootfs("b")));
    assertEquals(image.descriptor(), again.descriptor());
    assertEquals(2, store.images().size());
    Path later = rootfs("c");
    Files.setLastModifiedTime(later.resolve("etc/motd"), FileTime.fromMillis(1_234_567_890_000L));
    assertNotEquals(image.descriptor(), resolver(store).importAs("docker.io/test/dir:3", source("dir:" + later)).descriptor());
  }

  /**
   * With {@code SOURCE_DATE_EPOCH} set, a time later than it becomes it, an earlier one stays, and the
   * image is created at it, as reproducible-builds.org recommends.
   */
  @Test
  void sourceDateEpochClampsLaterTimesOnly() throws IOException {
    ImageStore store = ImageStore.open(temp.resolve("store"));
    Map<String, String> environment = Map.of("SOURCE_DATE_EPOCH", "1000000001");
    StoredImage image = resolver(store, PullPolicy.MISSING, RuntimeConfig.EMPTY, Platform.DEFAULT, environment, Progress.NONE)
        .importAs("docker.io/test/clamped:1", source("dir:" + rootfs("a")));
    List<String> listing = fullTimeListing(image);
    assertEquals("drwxr-xr-x 0/0 0 2001-09-09 01:46:41 usr/bin/", listing.get(4), "later: clamped");
    assertEquals("lrwxrwxrwx 0/0 0 2001-09-09 01:46:41 usr/bin/sh -> tool", listing.get(5), "equal: kept");
    assertEquals("-rwsr-xr-x 0/0 10 2001-09-09 01:46:40 usr/bin/tool", listing.get(6), "earlier: kept");
    assertEquals("2001-09-09T01:46:41Z", skopeoInspect(store, "docker.io/test/clamped:1").get("Created").asText());
  }

  /** GNU tar's listing of the image's layer with whole times, blanks squeezed. */
  private static List<String> fullTimeListing(StoredImage image) {
    Path blob = image.store().blobPath(image.manifest().layers().get(0).digest());
    return run(blob.getParent(), "env", "TZ=UTC", "tar", "--numeric-owner", "--full-time", "-tvf", blob.toString())
        .lines().map(l -> l.replaceAll("\\s+", " ")).toList();
  }

  @Test
  void tarImportReadsEveryCompressionAndKeepsOwners() throws IOException {
    Path root = rootfs("tree");
    run(temp, "tar", "--sort=name", "--owner=1000", "--group=1001", "--numeric-owner", "-cf", "rootfs.tar", "-C", root.toString(), ".");
    run(temp, "sh", "-c", "gzip -k rootfs.tar && xz -k rootfs.tar && zstd -q rootfs.tar");
    ImageStore store = ImageStore.open(temp.resolve("store"));
    Descriptor plain = resolver(store).importAs("t/plain", source("tar:" + temp.resolve("rootfs.tar"))).descriptor();
    for (String suffix : List.of(".gz", ".xz", ".zst")) {
      Descriptor compressed = resolver(store).importAs("t/c", source("tar:" + temp.resolve("rootfs.tar" + suffix))).descriptor();
      assertEquals(plain, compressed, suffix);
    }
    String listing = layerListing(StoredImage.load(store, "docker.io/t/plain:latest"), 0);
    assertTrue(listing.contains("-rwsr-xr-x 1000/1001"), listing);
    assertTrue(listing.lines().noneMatch(l -> l.endsWith(" ./")), "the root itself is not an entry:\n" + listing);
    skopeoInspect(store, "docker.io/t/plain:latest");
  }

  @Test
  void ociLayoutsAndArchivesAreCopiedBlobForBlob() throws IOException {
    ImageStore origin = ImageStore.open(temp.resolve("origin"));
    Descriptor original = resolver(origin).importAs("docker.io/test/x:1", source("dir:" + rootfs("r"))).descriptor();
    String from = "oci:" + origin.root() + ":docker.io/test/x:1";
    run(temp, "skopeo", "copy", "-q", from, "oci:" + temp.resolve("layout") + ":v1");
    run(temp, "skopeo", "copy", "-q", from, "oci-archive:" + temp.resolve("image.tar") + ":v1");

    ImageStore store = ImageStore.open(temp.resolve("store"));
    assertEquals(original, resolver(store).importAs("a/oci", source("oci:" + temp.resolve("layout") + ":v1")).descriptor());
    assertEquals(original, resolver(store).importAs("a/archive", source("oci-archive:" + temp.resolve("image.tar"))).descriptor());
    assertEquals(original.digest().toString(), skopeoInspect(store, "docker.io/a/archive:latest").get("Digest").asText());

    ImageException missing = assertThrows(ImageException.class,
        () -> resolver(store).importAs("a/b", source("oci:" + temp.resolve("layout") + ":v2")));
    assertTrue(missing.getMessage().contains("has no image named 'v2'"), missing.getMessage());
  }

  @Test
  void dockerArchiveBecomesAnOciImageWithTheSameLayers() throws IOException {
    ImageStore origin = ImageStore.open(temp.resolve("origin"));
    resolver(origin).importAs("docker.io/test/x:1", source("dir:" + rootfs("r")));
    run(temp, "skopeo", "copy", "-q", "oci:" + origin.root() + ":docker.io/test/x:1",
        "docker-archive:" + temp.resolve("saved.tar") + ":test/x:1");

    ImageStore store = ImageStore.open(temp.resolve("store"));
    StoredImage image = resolver(store).importAs("test/y:1", source("docker-archive:" + temp.resolve("saved.tar")));
    assertEquals(MediaTypes.OCI_MANIFEST, image.descriptor().mediaType());
    JsonNode config = skopeoConfig(store, "docker.io/test/y:1");
    assertEquals(skopeoConfig(origin, "docker.io/test/x:1").get("rootfs"), config.get("rootfs"));
    assertTrue(layerListing(image, 0).contains("usr/bin/sh -> tool"));
  }

  @Test
  void debFilesUnpackInOrderIntoOneLayer() throws IOException {
    Path first = deb("one", "xz", Map.of("usr/share/one/a", "first", "usr/share/common", "from one"));
    Path second = deb("two", "zstd", Map.of("usr/share/two/b", "second", "usr/share/common", "from two"));
    Path third = deb("three", "gzip", Map.of("usr/share/three/c", "third"));
    ImageStore store = ImageStore.open(temp.resolve("store"));
    StoredImage image = resolver(store).importAs("test/debs", source("deb:" + first + "," + second + "," + third));

    String listing = layerListing(image, 0);
    for (String path : List.of("usr/share/one/a", "usr/share/two/b", "usr/share/three/c")) {
      assertTrue(listing.contains(path), path + " in\n" + listing);
    }
    assertEquals(1, listing.lines().filter(l -> l.endsWith(" usr/share/")).count(), listing);
    run(temp, "umoci", "unpack", "--rootless", "--image", store.root() + ":docker.io/test/debs:latest", "bundle");
    assertEquals("from two", Files.readString(temp.resolve("bundle/rootfs/usr/share/common")));
  }

  /** Builds a Debian package with dpkg-deb, its data member compressed with {@code compression}. */
  private Path deb(String name, String compression, Map<String, String> files) throws IOException {
    Path tree = temp.resolve("pkg-" + name);
    Files.createDirectories(tree.resolve("DEBIAN"));
    Files.writeString(tree.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: 1.0\nArchitecture: all\n"
        + "Maintainer: imgc tests <tests@imgc.invalid>\nDescription: test package\n");
    for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
      Files.createDirectories(tree.resolve(file.getKey()).getParent());
      Files.writeString(tree.resolve(file.getKey()), file.getValue());
    }
    Path deb = temp.resolve(name + ".deb");
    run(temp, "dpkg-deb", "--root-owner-group", "-Z" + compression, "--build", tree.toString(), deb.toString());
    return deb;
  }

  @Test
  void configOptionSetsRuntimeMembersOnBuiltAndCopiedImages() throws IOException {
    RuntimeConfig config = new RuntimeConfig("1000", List.of("PATH=/usr/bin"), List.of("/usr/bin/tool"), List.of("-v"),
        "/etc", new TreeMap<>(Map.of("org.mobyproject.config", "{}")));
    ImageStore store = ImageStore.open(temp.resolve("store"));
    ImageResolver configured = resolver(store, PullPolicy.NEVER, config, Platform.DEFAULT, Map.of(), Progress.NONE);
    configured.importAs("test/c:1", source("dir:" + rootfs("r")));
    JsonNode inspect = skopeoInspect(store, "docker.io/test/c:1");
    assertEquals("PATH=/usr/bin", inspect.get("Env").get(0).asText());
    assertEquals("{}", inspect.get("Labels").get("org.mobyproject.config").asText());
    JsonNode runtime = skopeoConfig(store, "docker.io/test/c:1").get("config");
    assertEquals("/usr/bin/tool", runtime.get("Entrypoint").get(0).asText());
    assertEquals("/etc", runtime.get("WorkingDir").asText());

    run(temp, "skopeo", "copy", "-q", "oci:" + store.root() + ":docker.io/test/c:1", "oci:" + temp.resolve("layout") + ":v1");
    RuntimeConfig user = new RuntimeConfig("0", null, null, null, null, new TreeMap<>(Map.of("extra", "yes")));
    StoredImage copied = resolver(store, PullPolicy.NEVER, user, Platform.DEFAULT, Map.of(), Progress.NONE)
        .importAs("test/c:2", source("oci:" + temp.resolve("layout")));
    JsonNode changed = skopeoConfig(store, "docker.io/test/c:2").get("config");
    assertEquals("0", changed.get("User").asText());
    assertEquals("/usr/bin/tool", changed.get("Entrypoint").get(0).asText());
    assertEquals("yes", changed.get("Labels").get("extra").asText());
    assertEquals("{}", changed.get("Labels").get("org.mobyproject.config").asText());
    assertEquals(StoredImage.load(store, "docker.io/test/c:1").manifest().layers(), copied.manifest().layers());
  }

  @Test
  void aMultiPlatformIndexYieldsTheChosenPlatform() throws IOException {
    ImageStore origin = ImageStore.open(temp.resolve("layout"));
    Path root = rootfs("r");
    Platform arm = Platform.parse("linux/arm64/v8");
    Descriptor amd64 = resolver(origin).importAs("amd", source("dir:" + root)).descriptor();
    Descriptor arm64 = resolver(origin, PullPolicy.NEVER, RuntimeConfig.EMPTY, arm, Map.of(), Progress.NONE)
        .importAs("arm", source("dir:" + root)).descriptor();
    assertNotEquals(amd64, arm64);
    Index index = Index.oci(List.of(
        new Descriptor(arm64.mediaType(), arm64.digest(), arm64.size(), null, arm),
        new Descriptor(amd64.mediaType(), amd64.digest(), amd64.size(), null, Platform.DEFAULT)));
    origin.tag("multi", origin.putJson(MediaTypes.OCI_INDEX, index));
    String both = run(temp, "skopeo", "inspect", "--raw", "oci:" + origin.root() + ":multi");
    assertTrue(both.contains("arm64") && both.contains("amd64"), both);

    ImageStore store = ImageStore.open(temp.resolve("store"));
    String layout = "oci:" + origin.root() + ":multi";
    assertEquals(amd64.digest(), resolver(store).importAs("m/default", source(layout)).descriptor().digest());
    ImageResolver forArm = resolver(store, PullPolicy.NEVER, RuntimeConfig.EMPTY, Platform.parse("linux/arm64"), Map.of(), Progress.NONE);
    assertEquals(arm64.digest(), forArm.importAs("m/arm", source(layout)).descriptor().digest());
    ImageResolver forS390 = resolver(store, PullPolicy.NEVER, RuntimeConfig.EMPTY, Platform.parse("linux/s390x"), Map.of(), Progress.NONE);
    ImageException none = assertThrows(ImageException.class, () -> forS390.importAs("m/s390", source(layout)));
    assertTrue(none.getMessage().contains("has no linux/s390x image") && none.getMessage().contains("--platform"), none.getMessage());
  }

  /**
   * An image whose config (read by skopeo) names amd64 is refused by an arm64 build, in one sentence
   * naming both; the same source imported for arm64 is another image, under another name.
   */
  @Test
  void anImageOfAnotherPlatformIsRefusedAndImportsArePerPlatform() throws IOException {
    ImageStore store = ImageStore.open(temp.resolve("store"));
    Path root = rootfs("r");
    StoredImage amd = resolver(store).importAs("example/amd:1", source("dir:" + root));
    assertEquals("amd64", skopeoConfig(store, amd.name()).get("architecture").asText());
    ImageResolver forArm = resolver(store, PullPolicy.NEVER, RuntimeConfig.EMPTY, Platform.parse("linux/arm64"), Map.of(),
        Progress.NONE);
    PlatformMismatchException refused = assertThrows(PlatformMismatchException.class,
        () -> forArm.resolve(source("docker.io/example/amd:1")));
    assertEquals("docker.io/example/amd:1 is an image for linux/amd64, not for linux/arm64, the platform built for;"
        + " name its arm64 variant, or build with --platform linux/amd64", refused.getMessage());

    StoredImage arm = forArm.resolve(source("dir://" + root));
    assertEquals("arm64", skopeoConfig(store, arm.name()).get("architecture").asText());
    assertNotEquals(ImageResolver.importName(source("dir://" + root), Platform.DEFAULT), arm.name());
  }
}
