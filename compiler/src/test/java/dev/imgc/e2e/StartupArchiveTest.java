package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's start-up archive (packaging/launcher.sh, sourced as both launchers source it), run
 * with the real JVM on a small jar that prints its arguments and exits 3: the archive is made on the
 * first run, and a missing, damaged or another jar's archive, or a dump cut short, still runs the jar
 * with nothing printed but what it prints. {@code imgc lint} makes and uses an archive of its own.
 */
class StartupArchiveTest {
  /** Named as the main class the launcher names for a lint; the jar's manifest names it too. */
  private static final String PROGRAM = """
      package dev.imgc.cli;

      public class LintMain {
        public static void main(String[] args) throws java.io.IOException {
          String vmInfo = System.getenv("VM_INFO");
          if (vmInfo != null) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(vmInfo), System.getProperty("java.vm.info"));
          }
          System.out.println("echo " + String.join(" ", args));
          System.exit(3);
        }
      }
      """;
  private static final Run EXPECTED = new Run(3, "echo compile spec.yml\n", "");

  @TempDir Path work;
  private Path jar;
  private Path archive;

  private record Run(int status, String out, String err) {}

  @BeforeEach
  void program() throws IOException {
    jar = jar(work.resolve("echo.jar"), PROGRAM);
    archive = work.resolve("cds/echo.jsa");
  }

  @Test
  void theFirstRunMakesTheArchiveAndPrintsOnlyWhatTheJarPrints() throws Exception {
    assertEquals(EXPECTED, launch(""));
    assertTrue(Files.size(archive) > 0, "the archive was made");
    assertEquals(EXPECTED, launch(""), "and runs the jar");
  }

  @Test
  void aDamagedArchiveIsIgnored() throws Exception {
    byte[] noise = new byte[100_000];
    new Random(21).nextBytes(noise);
    Files.createDirectories(archive.getParent());
    Files.write(archive, noise);

    assertEquals(EXPECTED, launch(""));
    assertArrayEquals(noise, Files.readAllBytes(archive), "newer than the jar, it is not made again");
  }

  @Test
  void anotherJarsArchiveIsIgnored() throws Exception {
    launch("");
    Path other = jar(work.resolve("other/echo.jar"), PROGRAM.replace("\"echo \"", "\"other \""));
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(60))); // newer than either jar
    jar = other;

    assertEquals(new Run(3, "other compile spec.yml\n", ""), launch(""));
  }

  @Test
  void lintMakesAndRunsFromAnArchiveOfItsOwn() throws Exception {
    Path lintArchive = work.resolve("cds/echo-lint.jsa");
    assertEquals(new Run(3, "echo lint spec.yml\n", ""), launch("", "lint"));
    assertTrue(Files.size(lintArchive) > 0, "lint's archive was made");
    assertFalse(Files.exists(archive), "and the compile's was not");

    assertEquals(EXPECTED, launch(""));
    assertTrue(Files.size(archive) > 0, "a compile makes its own");
    FileTime lintMade = Files.getLastModifiedTime(lintArchive);
    assertEquals(new Run(3, "echo lint spec.yml\n", ""), launch("", "lint"));
    assertEquals(lintMade, Files.getLastModifiedTime(lintArchive), "lint's archive, newer than the jar, is not made again");
  }

  @Test
  void aDumpCutShortIsNotKept() throws Exception {
    assertEquals(EXPECTED, launch("truncate"));
    assertFalse(Files.exists(archive), "an archive the JVM cannot start from is not put in place");
  }

  @Test
  void theTrainingCompileIsOfASpecImgcAccepts() throws Exception {
    // the archive holds the classes the training compile loads: of a spec refused, only the front end's
    launch("");
    Path spec = work.resolve("train.yml");
    assertTrue(Files.exists(spec), "the training run compiles a spec");
    assertEquals(0, dev.imgc.cli.Main.run("lint", spec.toString()));
  }

  @Test
  void theTrainingRunCompilesNothing() throws Exception {
    // Java 17 archives a method the JIT has queued as queued, and never compiles it again (JDK-8306460)
    launch("");
    assertTrue(Files.readString(work.resolve("training-vm-info")).contains("interpreted mode"),
        "the training JVM only interprets");
  }

  /** Runs the jar as {@link #launch(String, String)} does, with the command {@code compile}. */
  private Run launch(String cut) throws IOException, InterruptedException {
    return launch(cut, "compile");
  }

  /**
   * Runs the jar through {@code imgc_exec} with the arguments {@code COMMAND spec.yml}; with {@code
   * cut} set, the JVM on the PATH cuts every archive it dumps to half its length. The JVM on the PATH
   * keeps a copy of the last argument of the training run it dumps an archive from (the compile's spec)
   * as {@code train.yml}, and has the jar write that run's {@code java.vm.info} to {@code training-vm-info}.
   */
  private Run launch(String cut, String command) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, """
        #!/bin/sh
        for a; do case "$a" in -XX:ArchiveClassesAtExit=*) dump="${a#*=}" ;; esac; done
        for last; do :; done
        if [ -n "$dump" ]; then cp "$last" "$KEEP_SPEC"; export VM_INFO="$KEEP_VM_INFO"; fi
        "$REAL_JAVA" "$@"; status=$?
        if [ -n "$CUT" ] && [ -n "$dump" ] && [ -f "$dump" ]; then truncate -s $(( $(stat -c %s "$dump") / 2 )) "$dump"; fi
        exit $status
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path launcher = GoldenSpec.REPO.resolve("packaging/launcher.sh").toAbsolutePath();
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", "source \"$1\" && imgc_exec \"$2\" \"$3\" \"$4\" spec.yml",
        "bash", launcher.toString(), jar.toString(), archive.toString(), command).directory(work.toFile());
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("REAL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    builder.environment().put("CUT", cut);
    builder.environment().put("KEEP_SPEC", work.resolve("train.yml").toString());
    builder.environment().put("KEEP_VM_INFO", work.resolve("training-vm-info").toString());
    Path out = work.resolve("stdout");
    Path err = work.resolve("stderr");
    int status = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
    return new Run(status, Files.readString(out), Files.readString(err));
  }

  /** A jar at {@code file} of the class {@code dev.imgc.cli.LintMain} compiled from {@code source}, its main class. */
  private static Path jar(Path file, String source) throws IOException {
    Path sources = Files.createDirectories(file.resolveSibling(file.getFileName() + ".src"));
    Files.writeString(sources.resolve("LintMain.java"), source);
    int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", sources.toString(),
        sources.resolve("LintMain.java").toString());
    assertEquals(0, compiled);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.imgc.cli.LintMain");
    Files.createDirectories(file.getParent());
    try (OutputStream stream = Files.newOutputStream(file); JarOutputStream out = new JarOutputStream(stream, manifest)) {
      out.putNextEntry(new JarEntry("dev/imgc/cli/LintMain.class"));
      out.write(Files.readAllBytes(sources.resolve("dev/imgc/cli/LintMain.class")));
      out.closeEntry();
    }
    return file;
  }
}
