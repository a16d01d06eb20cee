package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec that is a root filesystem alone ({@code init: [tar://rootfs.tar.gz]}, no kernel, no
 * container) builds the root filesystem's formats, and its {@code tar} holds what the tarball held:
 * the same names, types, modes and owners (read with Python's {@code tarfile}, not imgc's reader), no
 * init and none of the entries LinuxKit adds to a booted root. A boot format is refused, naming the
 * missing kernel, and nothing is written.
 */
class RootOnlySpecTest {
  @TempDir Path temp;

  @Test
  void aRootfsTarballRoundTripsThroughTheTarFormatAndBootFormatsAskForAKernel() throws Exception {
    Path root = Files.createDirectories(temp.resolve("rootfs/etc"));
    Files.writeString(root.resolve("motd"), "same\n");
    Files.writeString(root.resolve("issue"), "same\n"); // equal contents, distinct files
    Path secret = Files.createDirectories(temp.resolve("rootfs/root"));
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
    Path tool = Files.createDirectories(temp.resolve("rootfs/usr/bin")).resolve("tool");
    Files.writeString(tool, "#!/bin/sh\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(temp.resolve("rootfs/usr/bin/alias"), Path.of("tool"));
    Path tarball = temp.resolve("rootfs.tar.gz");
    run("tar", "--numeric-owner", "--owner=0", "--group=0", "-czf", tarball.toString(), "-C", temp.resolve("rootfs").toString(),
        "etc", "root", "usr");
    Path spec = temp.resolve("rootonly.yml");
    Files.writeString(spec, "init:\n  - tar://" + tarball + "\n");
    String store = temp.resolve("store").toString();
    Path out = temp.resolve("out");

    ImgcRun built = imgc("compile", spec.toString(), "-o", out.toString(), "--store", store, "--format", "tar,oci");
    assertEquals(0, built.status(), built.err());
    assertEquals(listing(tarball), listing(out.resolve("rootonly.tar")));

    Path elsewhere = temp.resolve("booted");
    ImgcRun booted = imgc("compile", spec.toString(), "-o", elsewhere.toString(), "--store", store, "--format", "tar,kernel+initrd");
    assertEquals(1, booted.status(), booted.err());
    assertTrue(booted.err().contains("kernel+initrd boots a kernel and the spec names none: add kernel.image, or ask only "
        + "for the root filesystem's formats (tar, oci, docker)"), booted.err());
    assertFalse(Files.exists(elsewhere.resolve("rootonly.tar")), "nothing written when a format cannot be");
  }

  /** Each member as Python's tarfile reads it: name, type, mode, owner, link target; sorted. */
  private List<String> listing(Path archive) throws Exception {
    String script = "import sys,tarfile\n"
        + "for m in tarfile.open(sys.argv[1]):\n"
        + "  n=m.name[2:] if m.name.startswith('./') else m.name\n"
        + "  if n: print(n.rstrip('/'), m.type, oct(m.mode), m.uid, m.gid, m.linkname)\n";
    return run("python3", "-c", script, archive.toString()).lines().sorted().toList();
  }

  private String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}
