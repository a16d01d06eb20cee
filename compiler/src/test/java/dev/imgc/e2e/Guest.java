package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.cli.Main;
import dev.imgc.emit.Format;
import dev.imgc.image.UserCache;
import dev.imgc.run.Artifact;
import dev.imgc.run.Console;
import dev.imgc.run.Machine;
import dev.imgc.run.QemuCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An example appliance compiled by {@code imgc compile} and booted as {@code imgc run} boots it, its
 * serial console in a file; closing it stops the machine.
 */
final class Guest implements AutoCloseable {
  private static final Path REPO = Path.of(System.getProperty("imgc.repo", "."));
  /** One store for every example, kept under target/ so a rerun imports nothing again. */
  private static final Path STORE = REPO.resolve("target/e2e/store");
  /** The examples' cache, beside the store; its {@code debs/} is the user's, where the tests' kernel and busybox are kept. */
  private static final Path CACHE = REPO.resolve("target/e2e/cache");

  private final Process qemu;
  private final Path serial;

  private Guest(Process qemu, Path serial) {
    this.qemu = qemu;
    this.serial = serial;
  }

  /** Compiles {@code examples/NAME.yml} into {@code out} in {@code formats} (comma-separated), with {@code options}. */
  static void compile(String name, Path out, String formats, String... options) throws IOException {
    compile(REPO.resolve("examples/" + name + ".yml"), out, formats, options);
  }

  /**
   * Compiles the spec file {@code spec} into {@code out} in {@code formats}, its images in the examples'
   * store, with the examples' cache, and {@code options} ({@code --platform linux/arm64}).
   */
  static void compile(Path spec, Path out, String formats, String... options) throws IOException {
    linkUserDebs();
    List<String> arguments = new ArrayList<>(List.of("compile", spec.toString(), "-o", out.toString(), "--store",
        STORE.toString(), "--cache", CACHE.toString(), "--format", formats));
    arguments.addAll(List.of(options));
    int status = Main.run(arguments.toArray(String[]::new));
    assertEquals(0, status, "imgc compile " + spec + " failed");
  }

  /** Makes the examples' cache keep its Debian packages in the user's cache, where the other tests' are. */
  static void linkUserDebs() throws IOException {
    Path userDebs = Files.createDirectories(UserCache.directory(System.getenv()).resolve("debs"));
    if (!Files.exists(CACHE.resolve("debs"), LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(Files.createDirectories(CACHE).resolve("debs"), userDebs);
    }
  }

  /** The examples' store. */
  static Path store() {
    return STORE;
  }

  /** The options naming the examples' store and cache, for an {@code imgc} command of a test's own. */
  static List<String> storeOptions() {
    return List.of("--store", STORE.toString(), "--cache", CACHE.toString());
  }

  /** Boots {@code format} of the appliance at {@code prefix} ({@code out/web}) on {@code machine}. */
  static Guest boot(Path prefix, Format format, Machine machine) throws IOException {
    Path serial = Files.createTempFile(prefix.getParent(), "serial-", ".log");
    Artifact artifact = Artifact.find(prefix, Optional.of(format));
    List<String> command = QemuCommand.build(artifact.format(), artifact.prefix(), artifact.architecture(), machine,
        new Console.File(serial));
    Process qemu = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(prefix.resolveSibling("qemu.log").toFile()).start();
    return new Guest(qemu, serial);
  }

  /**
   * Boots a PC under TCG with 512 MiB and {@code arguments} (what it boots: a kernel, a disk not in
   * snapshot mode, so that what the guest writes stays) as a deployment would, not as {@code imgc run}
   * does, until its console (kept in {@code serial}) shows {@code marker}, 4 minutes at most; then
   * stops it and returns the console.
   */
  static String bootUntil(List<String> arguments, Path serial, String marker) throws IOException, InterruptedException {
    Files.deleteIfExists(serial);
    List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-m", "512M", "-nodefaults",
        "-no-reboot", "-display", "none", "-serial", "file:" + serial));
    command.addAll(arguments);
    Process qemu = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(serial.resolveSibling("qemu.log").toFile()).start();
    try (Guest guest = new Guest(qemu, serial)) {
      Files.createFile(serial);
      return guest.awaitConsole(marker);
    }
  }

  static Machine machine(List<Machine.PortForward> publish, List<Path> disks) {
    return new Machine(512, 1, publish, disks, false, "tcg");
  }

  boolean running() {
    return qemu.isAlive();
  }

  /** Waits (4 minutes at most) until the console shows {@code text}; returns the console. */
  String awaitConsole(String text) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (Instant.now().isBefore(deadline) && qemu.isAlive() && !console().contains(text)) {
      Thread.sleep(500);
    }
    return console();
  }

  String console() throws IOException {
    return Files.readString(serial, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws InterruptedException {
    qemu.destroyForcibly();
    qemu.waitFor();
  }
}
