package dev.imgc.cli;

import dev.imgc.emit.Format;
import dev.imgc.run.Accelerator;
import dev.imgc.run.Artifact;
import dev.imgc.run.Console;
import dev.imgc.run.Machine;
import dev.imgc.run.QemuCommand;
import dev.imgc.run.Sizes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
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
      "As linuxkit run qemu does; quit with Ctrl-a x. KVM is used when it works here, else TCG.",
      "Exit status: QEMU's."
    })
final class RunCommand implements Callable<Integer> {
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

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Machine machine;
    Artifact artifact;
    try {
      List<Machine.PortForward> ports = publish.stream().map(Machine.PortForward::parse).toList();
      List<Path> attached = new ArrayList<>();
      for (String disk : disks) {
        attached.add(disk(disk));
      }
      long memoryBytes = Sizes.parse(memory);
      artifact = Artifact.find(path, Optional.ofNullable(format).map(Format::named));
      String accelerator = Accelerator.probe();
      if (accelerator.equals("tcg")) {
        System.err.println("imgc: KVM is not usable here; running with TCG (software emulation, slower)");
      }
      machine = new Machine((int) (memoryBytes >> 20), cpus, ports, attached, uefi, accelerator);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    List<String> command;
    try {
      command = QemuCommand.build(artifact.format(), artifact.prefix(), machine, new Console.Terminal());
    } catch (IllegalArgumentException e) {
      System.err.println("imgc: error: " + e.getMessage());
      return 1;
    }
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (IOException e) {
      System.err.println("imgc: error: cannot start QEMU (" + e.getMessage()
          + "); install it with `apt-get install qemu-system-x86 ovmf`");
      return 1;
    }
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
