package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout's launcher, {@code bin/imgc}, run as a process in a copy of the checkout's layout: it
 * builds the jar when it is missing, rebuilds it when a source is newer (as after a {@code git pull}),
 * saying so in one line on stderr, and otherwise runs the jar without Maven. Maven and Java are
 * stand-ins on the {@code PATH} that log how they were called, so the test takes about a second;
 * the real launcher script and its shared part (packaging/launcher.sh) run as they are.
 */
class CheckoutLauncherTest {
  private static final String MAVEN = """
      #!/bin/sh
      echo "mvn $*" >> "$LAUNCHER_LOG"
      [ -z "$MAVEN_FAILS" ] || { echo "[ERROR] a compilation error"; exit 1; }
      mkdir -p "$CHECKOUT/target" && echo built > "$CHECKOUT/target/imgc.jar"
      """;
  /** A JVM that makes no start-up archive and, running the jar, prints its arguments. */
  private static final String JAVA = """
      #!/bin/sh
      for last; do :; done
      case "$*" in *ArchiveClassesAtExit*) exit 1 ;; esac
      echo "ran imgc $last"
      """;

  @TempDir Path work;

  private record Run(int status, String out, String err) {}

  @Test
  void theJarIsRebuiltOnceWhenASourceIsNewerAndNotOtherwise() throws Exception {
    Path checkout = checkout();
    Path source = checkout.resolve("compiler/src/main/java/dev/imgc/cli/Main.java");
    Path log = work.resolve("launcher.log");
    Files.writeString(log, "");

    Run upToDate = launch(checkout, "");
    assertEquals(new Run(0, "ran imgc --version\n", ""), upToDate);
    assertEquals("", Files.readString(log), "an up-to-date jar runs without Maven");

    Files.setLastModifiedTime(source, FileTime.from(Instant.now())); // what a git pull does to a changed file
    Run rebuilt = launch(checkout, "");
    assertEquals(new Run(0, "ran imgc --version\n",
        "imgc: rebuilding target/imgc.jar: compiler/src/main/java/dev/imgc/cli/Main.java changed since it was built\n"), rebuilt);
    assertEquals(List.of("mvn -q -f " + checkout.resolve("pom.xml") + " -DskipTests package"), Files.readAllLines(log));

    assertEquals(upToDate, launch(checkout, ""), "built once, the jar is up to date");
    assertEquals(1, Files.readAllLines(log).size());

    Files.setLastModifiedTime(checkout.resolve("runtime-templates/init.mustache"), FileTime.from(Instant.now()));
    Run failed = launch(checkout, "yes");
    assertEquals(1, failed.status());
    assertEquals("imgc: rebuilding target/imgc.jar: runtime-templates/init.mustache changed since it was built\n"
        + "imgc: building the jar failed; see " + checkout.resolve("target.build.log") + "\n", failed.err());
    assertTrue(Files.readString(checkout.resolve("target.build.log")).contains("a compilation error"));

    Files.delete(checkout.resolve("target/imgc.jar"));
    Run first = launch(checkout, "");
    assertEquals(new Run(0, "ran imgc --version\n", "imgc: building target/imgc.jar (once; about a minute)\n"), first);
    assertEquals(3, Files.readAllLines(log).size());
  }

  /** The launcher and its shared part as they are, the sources it watches, dated before a built jar. */
  private Path checkout() throws IOException {
    Path checkout = work.resolve("checkout");
    for (String file : List.of("bin/imgc", "packaging/launcher.sh")) {
      Files.createDirectories(checkout.resolve(file).getParent());
      Files.copy(GoldenSpec.REPO.resolve(file), checkout.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    FileTime before = FileTime.from(Instant.now().minusSeconds(600));
    for (String file : List.of("pom.xml", "compiler/src/main/java/dev/imgc/cli/Main.java", "schema/spec.json",
        "runtime-templates/init.mustache", "packaging/build-info")) {
      Files.createDirectories(checkout.resolve(file).getParent());
      Files.writeString(checkout.resolve(file), "a source\n");
      Files.setLastModifiedTime(checkout.resolve(file), before);
    }
    for (String directory : List.of("compiler/src/main/java/dev/imgc/cli", "compiler/src/main/java/dev/imgc",
        "compiler/src/main/java/dev", "compiler/src/main/java", "compiler/src/main", "schema", "runtime-templates")) {
      Files.setLastModifiedTime(checkout.resolve(directory), before);
    }
    Files.createDirectories(checkout.resolve("target"));
    Files.writeString(checkout.resolve("target/imgc.jar"), "built\n");
    Files.setLastModifiedTime(checkout.resolve("target/imgc.jar"), FileTime.from(Instant.now().minusSeconds(300)));
    Path tools = Files.createDirectories(work.resolve("tools"));
    for (var tool : List.of(List.of("mvn", MAVEN), List.of("java", JAVA))) {
      Path stub = Files.writeString(tools.resolve(tool.get(0)), tool.get(1));
      Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return checkout;
  }

  /** Runs {@code CHECKOUT/bin/imgc --version} with the stand-ins first on the PATH; Maven fails when {@code mavenFails} is set. */
  private Run launch(Path checkout, String mavenFails) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(checkout.resolve("bin/imgc").toString(), "--version")
        .directory(work.toFile());
    builder.environment().put("PATH", work.resolve("tools") + ":" + System.getenv("PATH"));
    builder.environment().put("LAUNCHER_LOG", work.resolve("launcher.log").toString());
    builder.environment().put("CHECKOUT", checkout.toString());
    builder.environment().put("MAVEN_FAILS", mavenFails);
    Process process = builder.start();
    process.getOutputStream().close();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out, err);
  }
}
