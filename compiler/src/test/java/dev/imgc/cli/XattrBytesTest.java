package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static dev.imgc.fs.StreamTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.fs.HostXattrs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extended attributes whose values are not text survive a compile byte for byte, end to end: a
 * rootfs tarball GNU tar made of a tree the kernel holds them in ({@link HostXattrs#sampleTree}:
 * setcap's capability, a SELinux label ending in a NUL, bytes that are not UTF-8) is compiled to tar,
 * squashfs, ext4 and erofs, and each is read back by the host's own tools. The inspect listing shows
 * the values in hex, and {@code imgc diff} and the plan's digest notice one byte changed in one value.
 */
class XattrBytesTest {
  @TempDir Path temp;

  @Test
  void binaryXattrsSurviveEveryFormatThatKeepsThem() throws Exception {
    Path tree = temp.resolve("tree");
    HostXattrs.sampleTree(tree);
    Map<String, String> expected = HostXattrs.tree(tree);
    Path spec = spec("xattrs", tree);
    Path out = temp.resolve("out");
    ImgcRun built = imgc("compile", spec.toString(), "-o", out.toString(), "--store", temp.resolve("store").toString(),
        "--format", "tar,kernel+squashfs,rootfs-ext4,kernel+erofs");
    assertEquals(0, built.status(), built.err());

    // tar: GNU tar puts the attributes back on files
    Path fromTar = Files.createDirectory(temp.resolve("from-tar"));
    run(fromTar, "tar", "--xattrs", "--xattrs-include=*", "-xf", out.resolve("xattrs.tar").toString());
    assertEquals(expected, HostXattrs.tree(fromTar));
    if (HostXattrs.asRoot()) {
      assertTrue(run(fromTar, "getcap", "usr/bin/server").contains("cap_net_bind_service=ep"));
    }

    // squashfs: unsquashfs puts them back on files
    Path fromSquashfs = temp.resolve("from-squashfs");
    run(temp, "unsquashfs", "-d", fromSquashfs.toString(), out.resolve("xattrs-squashfs.img").toString());
    assertEquals(expected, HostXattrs.tree(fromSquashfs));

    // ext4: debugfs reads each value from the root partition, 1 MiB into the disk
    String partition = out.resolve("xattrs-rootfs-ext4.img") + "?offset=1048576";
    for (var xattr : expected.entrySet()) {
      String[] pathAndName = xattr.getKey().split(" ");
      Path value = temp.resolve("ext4-value");
      Files.deleteIfExists(value);
      run(temp, "debugfs", "-R", "ea_get -f " + value + " /" + pathAndName[0] + " " + pathAndName[1], partition);
      assertEquals(xattr.getValue(), HostXattrs.hexOf(value), xattr.getKey());
    }

    // erofs: erofs-utils 1.5 shows no values, so imgc's reader written from the format's specification
    assertEquals(expected, listedXattrs(out.resolve("xattrs-erofs.img")));

    // the listing shows the values in hex, as getfattr -e hex does (without its 0x)
    String listing = imgc("inspect", "--xattrs", out.resolve("xattrs.tar").toString()).out();
    assertTrue(listing.lines().anyMatch(l -> l.startsWith("data/blob ")
        && l.contains(" xattrs=user.a\\x3db%c=76,user.bin=00ff80fe0a3d78,user.empty=")), listing);
    if (HostXattrs.asRoot()) {
      assertTrue(listing.contains(" xattrs=security.capability=" + HostXattrs.CAP_NET_BIND_SERVICE), listing);
    }
  }

  /** 0x80 to 0x81 in one value: both bytes are not UTF-8, which a reader decoding text would see as one U+FFFD. */
  @Test
  void oneByteChangedInAValueChangesThePlanAndTheDiff() throws Exception {
    Path a = temp.resolve("a");
    Path b = temp.resolve("b");
    HostXattrs.sampleTree(a);
    HostXattrs.sampleTree(b);
    HostXattrs.set(b.resolve("data/blob"), "user.bin", "00ff81fe0a3d78");
    String store = temp.resolve("store").toString();
    ImgcRun planA = imgc("plan", spec("a", a).toString(), "--store", store);
    ImgcRun planB = imgc("plan", spec("b", b).toString(), "--store", store);
    assertEquals(0, planA.status(), planA.err());
    assertTrue(planA.out().startsWith("plan sha256:"), planA.out());
    assertNotEquals(planA.out().lines().findFirst(), planB.out().lines().findFirst());
    JsonNode json = new ObjectMapper().readTree(imgc("plan", spec("a", a).toString(), "--store", store, "--json").out());
    JsonNode blob = null;
    for (JsonNode entry : json.path("rootfs")) {
      blob = entry.path("path").asText().equals("data/blob") ? entry : blob;
    }
    assertEquals("00ff80fe0a3d78", blob.path("xattrs").path("user.bin").asText(), String.valueOf(blob));
    assertTrue(blob.path("xattrs").has("user.empty") && blob.path("xattrs").path("user.empty").asText().isEmpty(),
        String.valueOf(blob));
    for (Path tree : new Path[] {a, b}) {
      ImgcRun built = imgc("compile", spec(tree.getFileName().toString(), tree).toString(), "-o", temp.resolve("out").toString(),
          "--store", store, "--format", "tar");
      assertEquals(0, built.status(), built.err());
    }
    ImgcRun diff = imgc("diff", temp.resolve("out/a.tar").toString(), temp.resolve("out/b.tar").toString());
    assertEquals(1, diff.status(), diff.out() + diff.err());
    assertTrue(diff.out().lines().anyMatch(l -> l.startsWith("~ data/blob") && l.contains("xattrs")), diff.out());
  }

  /** A spec whose kernel is a stand-in (nothing boots here) and whose root is {@code tree}, tarred by GNU tar. */
  private Path spec(String name, Path tree) throws Exception {
    Path layer = temp.resolve(name + "-root.tar");
    if (Files.notExists(layer)) {
      run(temp, "tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "--owner=0", "--group=0", "--sort=name",
          "--mtime=@1700000000", "-cf", layer.toString(), "-C", tree.toString(), ".");
    }
    Path kernel = Files.createDirectories(temp.resolve("kernel-image"));
    Files.writeString(kernel.resolve("kernel"), "not a kernel: nothing boots it\n");
    return Files.writeString(temp.resolve(name + ".yml"),
        "kernel:\n  image: dir://" + kernel + "\n  tar: none\n  cmdline: console=ttyS0\ninit:\n  - tar://" + layer + "\n");
  }

  /** "path name" to hex, from {@code imgc inspect --json --xattrs}. */
  private static Map<String, String> listedXattrs(Path artifact) throws Exception {
    ImgcRun inspected = imgc("inspect", "--json", "--xattrs", artifact.toString());
    assertEquals(0, inspected.status(), inspected.err());
    Map<String, String> found = new TreeMap<>();
    for (JsonNode part : new ObjectMapper().readTree(inspected.out()).path("parts")) {
      for (JsonNode entry : part.path("entries")) {
        entry.path("xattrs").fields().forEachRemaining(x ->
            found.put(entry.path("path").asText() + " " + x.getKey(), x.getValue().asText()));
      }
    }
    return found;
  }
}
