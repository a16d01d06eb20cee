package dev.imgc.run;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A QEMU that {@code imgc run} started and answers for until it ends. QEMU gets this process's
 * standard input, output and error (so it owns the terminal) but a session of its own, so a signal
 * meant for imgc (Ctrl-C when not in raw mode, a closing terminal's SIGHUP) does not kill it at
 * once: imgc stops it instead, gracefully, whether imgc ends by SIGINT, SIGTERM or SIGHUP (a shutdown
 * hook) or {@linkplain #close closes} it early. A guard process, which QEMU outlives only if imgc is killed
 * outright (SIGKILL), stops QEMU then and deletes the private directory.
 */
public final class MachineProcess implements AutoCloseable {
  /** How long a machine has to power off after its power button is pressed before QEMU is stopped. */
  public static final Duration POWER_OFF_GRACE = Duration.ofSeconds(20);

  private final Process qemu;
  private final Process guard;
  private final Path privateDirectory;
  private final Path qmpSocket;
  private final Optional<TerminalSettings> terminal;
  private final PrintStream messages;
  private final Thread onShutdown = new Thread(this::stopAndRelease, "imgc-run-stop");
  private boolean released;

  private MachineProcess(Process qemu, Process guard, Path privateDirectory, Path qmpSocket,
      Optional<TerminalSettings> terminal, PrintStream messages) {
    this.qemu = qemu;
    this.guard = guard;
    this.privateDirectory = privateDirectory;
    this.qmpSocket = qmpSocket;
    this.terminal = terminal;
    this.messages = messages;
  }

  /**
   * Starts {@code command} (a {@link QemuCommand}) with a machine protocol socket in a private
   * directory.
   *
   * @param terminal the terminal's settings to restore when QEMU has ended, when QEMU has it
   * @param messages where imgc says what it does to stop the machine
   * @throws IOException when QEMU is not installed or cannot be started
   */
  public static MachineProcess start(List<String> command, Optional<TerminalSettings> terminal, PrintStream messages)
      throws IOException, InterruptedException {
    if (!onPath(command.get(0))) {
      throw new IOException("cannot find " + command.get(0) + " on PATH");
    }
    Path privateDirectory = Files.createTempDirectory("imgc-run-");
    Path qmpSocket = privateDirectory.resolve("qmp.sock");
    List<String> qemuCommand = new ArrayList<>(List.of("setsid"));
    qemuCommand.addAll(command);
    qemuCommand.addAll(List.of("-qmp", "unix:" + QemuCommand.optionValue(qmpSocket) + ",server=on,wait=off"));
    Process qemu;
    try {
      qemu = new ProcessBuilder(qemuCommand).inheritIO().start();
    } catch (IOException e) {
      delete(privateDirectory);
      throw e;
    }
    // setsid execs QEMU in place (a child of the JVM never leads a process group), so this pid is QEMU's
    Process guard;
    try {
      guard = new ProcessBuilder("setsid", "sh", "-c",
          "read -r word; [ \"$word\" = done ] || { kill -TERM \"$1\"; sleep 2; rm -rf \"$2\"; }", "imgc-run-guard",
          String.valueOf(qemu.pid()), privateDirectory.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      qemu.destroyForcibly();
      qemu.waitFor(5, TimeUnit.SECONDS);
      delete(privateDirectory);
      throw e;
    }
    MachineProcess machine = new MachineProcess(qemu, guard, privateDirectory, qmpSocket, terminal, messages);
    Runtime.getRuntime().addShutdownHook(machine.onShutdown);
    return machine;
  }

  /** QEMU's process id. */
  public long pid() {
    return qemu.pid();
  }

  /**
   * Waits until QEMU answers on its machine protocol, which it does once the machine is set up and
   * running (devices made, ports forwarded).
   *
   * @throws IOException when QEMU ended first or did not answer within {@code timeout}
   */
  public void awaitRunning(Duration timeout) throws IOException {
    try (Qmp qmp = Qmp.connect(qmpSocket, qemu.toHandle(), Instant.now().plus(timeout))) {
      qmp.execute("query-status");
    }
  }

  /** Waits for QEMU to end; its exit status. */
  public int waitFor() throws InterruptedException {
    return qemu.waitFor();
  }

  /**
   * Stops the machine as a power cut would not: presses its ACPI power button (QMP {@code
   * system_powerdown}; the init imgc generates then runs the onshutdown containers and powers off),
   * then stops QEMU if it is still running {@link #POWER_OFF_GRACE} later.
   */
  private void stop() {
    if (!qemu.isAlive()) {
      return;
    }
    long grace = POWER_OFF_GRACE.toSeconds();
    messages.println("imgc: pressing the machine's power button; QEMU is stopped if it has not powered off in "
        + grace + " s");
    Instant deadline = Instant.now().plus(POWER_OFF_GRACE);
    try (Qmp qmp = Qmp.connect(qmpSocket, qemu.toHandle(), deadline)) {
      qmp.execute("system_powerdown");
    } catch (IOException e) {
      messages.println("imgc: cannot press the power button: " + e.getMessage());
    }
    try {
      if (!qemu.waitFor(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS)) {
        messages.println("imgc: the machine did not power off within " + grace + " s; stopping QEMU");
        qemu.destroy();
        if (!qemu.waitFor(5, TimeUnit.SECONDS)) {
          qemu.destroyForcibly();
          qemu.waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      qemu.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the machine if it still runs, then dismisses the guard, puts the terminal back and deletes
   * the private directory.
   */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onShutdown);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to, and does the same
    }
    stopAndRelease();
  }

  private synchronized void stopAndRelease() {
    stop();
    release();
  }

  private void release() {
    if (released) {
      return;
    }
    released = true;
    try (OutputStream dismiss = guard.getOutputStream()) {
      dismiss.write("done\n".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException guardGone) {
      // it has nothing left to guard
    }
    terminal.ifPresent(TerminalSettings::restore);
    try {
      delete(privateDirectory);
    } catch (IOException e) {
      messages.println("imgc: cannot delete " + privateDirectory + ": " + e.getMessage());
    }
  }

  /** Deletes the private directory and what QEMU made in it (its socket). */
  private static void delete(Path privateDirectory) throws IOException {
    try (Stream<Path> left = Files.list(privateDirectory)) {
      for (Path file : left.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(privateDirectory);
  }

  private static boolean onPath(String program) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
