package dev.imgc.cli;

import dev.imgc.emit.Architecture;
import dev.imgc.emit.Format;
import dev.imgc.run.Accelerator;
import dev.imgc.run.Artifact;
import dev.imgc.run.Console;
import dev.imgc.run.Machine;
import dev.imgc.run.MachineProcess;
import dev.imgc.run.QemuCommand;
import dev.imgc.run.Sizes;
import dev.imgc.run.TerminalSettings;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imgc run out/NAME}: boots an artifact in QEMU with its serial console on this terminal. */
@Command(
    name = "run",
    description = {
      "Boot an artifact in QEMU with the serial console on this terminal.",
      "As linuxkit run qemu does: Ctrl-a x quits, Ctrl-a c switches to QEMU's monitor and back.",
      "SIGINT, SIGTERM or SIGHUP press the machine's power button, and stop QEMU if it has not powered off in 20 s.",
      "KVM is used when it works here, else TCG. Exit status: QEMU's."
    })
final class RunCommand implements Callable<Integer> {
  /** What a run with {@code --console-log} says once QEMU runs the machine; {@code --detach} waits for it. */
  private static final String RUNNING = "imgc: the machine is running";
  /** How long QEMU has to set the machine up before a detached run is given up. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  @Parameters(paramLabel = "PATH", description = "The -o directory and name imgc compile wrote (out/web), or one of its files.")
  Path path;

  @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = FormatNames.Bootable.class,
      description = "Which artifact to boot when several were written (default: the first there of ${COMPLETION-CANDIDATES}).")
  String format;

  @Option(names = "--mem", paramLabel = "SIZE", defaultValue = "1G", description = "Guest memory (default: ${DEFAULT-VALUE}).")
  String memory;

  @Option(names = "--cpus", paramLabel = "N", defaultValue = "1", description = "Guest CPUs (default: ${DEFAULT-VALUE}).")
  int cpus;

  @Option(names = "--publish", paramLabel = "HOSTPORT:GUESTPORT", description = "Forward a TCP port from 127.0.0.1 (repeatable).")
  List<String> publish = new ArrayList<>();

  @Option(names = "--disk", paramLabel = "FILE[,size=S]", description = "Attach a raw disk, made sparse at size S if missing (repeatable).")
  List<String> disks = new ArrayList<>();

  @Option(names = "--uefi", description = "Boot with OVMF (UEFI) rather than SeaBIOS; the EFI formats always do.")
  boolean uefi;

  @Option(names = "--console-log", paramLabel = "FILE", description = "Write the serial console to FILE instead of the terminal.")
  Path consoleLog;

  @Option(names = "--detach", description = "Run in the background (with --console-log) and print how to stop it.")
  boolean detach;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (detach && consoleLog == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--detach needs --console-log FILE: a machine in the background has no terminal for its console");
    }
    Machine machine;
    Artifact artifact;
    Architecture architecture;
    try {
      List<Machine.PortForward> ports = publish.stream().map(Machine.PortForward::parse).toList();
      List<Path> attached = new ArrayList<>();
      for (String disk : disks) {
        attached.add(disk(disk));
      }
      long memoryBytes = Sizes.parse(memory);
      artifact = Artifact.find(path, Optional.ofNullable(format).map(Format::named));
      architecture = artifact.architecture();
      // the accelerator is probed only by the process that runs QEMU (not by one that detaches)
      machine = new Machine((int) (memoryBytes >> 20), cpus, ports, attached, uefi, "tcg");
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Optional<TerminalSettings> terminal = consoleLog == null ? TerminalSettings.ofStandardInput() : Optional.empty();
    Console console = consoleLog != null ? new Console.File(consoleLog)
        : terminal.isPresent() ? new Console.Terminal() : new Console.Stream();
    if (command(artifact, architecture, machine, console).isEmpty() || consoleLog != null && !startLog(consoleLog)) {
      return 1;
    }
    if (detach) {
      return detach(machine);
    }
    String accelerator = Accelerator.probe(architecture);
    if (accelerator.equals("tcg")) {
      System.err.println(architecture.isHost() ? "imgc: KVM is not usable here; running with TCG (software emulation, slower)"
          : "imgc: emulating an " + architecture.ociName() + " machine with TCG (software emulation, slower)");
    }
    try (MachineProcess qemu = MachineProcess.start(command(artifact, architecture, machine.withAccelerator(accelerator), console)
        .orElseThrow(), terminal, System.err)) {
      if (consoleLog != null) {
        announce(qemu);
      }
      return qemu.waitFor();
    } catch (IOException e) {
      System.err.println("imgc: error: cannot start QEMU (" + e.getMessage()
          + "); install it with `apt-get install " + architecture.qemuPackages() + "`");
      return 1;
    }
  }

  /** The QEMU command line, or empty when the artifact cannot boot (said on standard error). */
  private static Optional<List<String>> command(Artifact artifact, Architecture architecture, Machine machine,
      Console console) {
    try {
      return Optional.of(QemuCommand.build(artifact.format(), artifact.prefix(), architecture, machine, console));
    } catch (IllegalArgumentException e) {
      System.err.println("imgc: error: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Says, once QEMU runs the machine, where its console goes and how to stop it. */
  private void announce(MachineProcess qemu) {
    try {
      qemu.awaitRunning(START_TIMEOUT);
      System.err.println(RUNNING + " (QEMU pid " + qemu.pid() + "); its console goes to " + consoleLog);
    } catch (IOException e) {
      // QEMU ended at once or hangs: its own message, on standard error, and exit status say why
    }
  }

  /** Makes the console log empty, so that it holds this run only; false when it cannot be written. */
  private static boolean startLog(Path log) {
    try {
      Files.write(log, new byte[0]);
      return true;
    } catch (IOException e) {
      String reason = e instanceof NoSuchFileException ? "its directory does not exist" : e.getMessage();
      System.err.println("imgc: error: cannot write the console log " + log + " (" + reason + ")");
      return false;
    }
  }

  /**
   * Runs this command again without {@code --detach}, in a session of its own with its messages in
   * the console log, and returns once it reports the machine running (or has failed).
   */
  private int detach(Machine machine) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("setsid",
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
        path.toString(), "--console-log", consoleLog.toString(), "--mem", memory, "--cpus", String.valueOf(cpus)));
    Optional.ofNullable(format).ifPresent(f -> command.addAll(List.of("--format", f)));
    publish.forEach(p -> command.addAll(List.of("--publish", p)));
    machine.disks().forEach(d -> command.addAll(List.of("--disk", d.toString())));
    if (uefi) {
      command.add("--uefi");
    }
    Process background = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile())).redirectErrorStream(true).start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (background.isAlive() && !logSays(RUNNING) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    if (!logSays(RUNNING)) {
      background.destroy();
      System.err.print(Files.readString(consoleLog, StandardCharsets.ISO_8859_1));
      System.err.println("imgc: error: the machine did not start; its console log is " + consoleLog);
      return 1;
    }
    System.err.println("imgc: the machine runs in the background; its console goes to " + consoleLog);
    System.err.println("imgc: stop it with `kill " + background.pid() + "` (which presses its power button, and stops QEMU if it has not powered off in "
        + MachineProcess.POWER_OFF_GRACE.toSeconds() + " s)");
    return 0;
  }

  private boolean logSays(String text) throws IOException {
    return Files.readString(consoleLog, StandardCharsets.ISO_8859_1).contains(text);
  }

  private static Path disk(String option) throws IOException {
    String[] parts = option.split(",size=", 2);
    Path file = Path.of(parts[0]);
    if (parts.length == 2 && !Files.exists(file)) {
      try (RandomAccessFile created = new RandomAccessFile(file.toFile(), "rw")) {
        created.setLength(Sizes.parse(parts[1]));
      }
    } else if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("the disk " + file + " does not exist; give its size to make it: --disk "
          + file + ",size=1G");
    }
    return file;
  }
}
