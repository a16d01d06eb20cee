package dev.imgc.run;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the guest's serial console goes: this terminal (as {@code linuxkit run qemu}), standard
 * output, or a file. QEMU's own window is never shown ({@code -display none}).
 */
public sealed interface Console permits Console.Terminal, Console.Stream, Console.File {
  List<String> qemuArguments();

  /**
   * The serial console and QEMU's monitor multiplexed on this terminal, which QEMU puts in raw mode
   * and restores: {@code Ctrl-a x} quits, {@code Ctrl-a c} switches between console and monitor, and
   * {@code Ctrl-C} goes to the guest ({@code signal=off}), as with QEMU's {@code -serial mon:stdio}.
   */
  record Terminal() implements Console {
    @Override
    public List<String> qemuArguments() {
      return List.of("-chardev", "stdio,id=console,mux=on,signal=off", "-serial", "chardev:console",
          "-mon", "chardev=console");
    }
  }

  /**
   * The serial console on standard output, standard input typed into it, no monitor: what a script
   * or a pipe gets when standard input is not a terminal.
   */
  record Stream() implements Console {
    @Override
    public List<String> qemuArguments() {
      return List.of("-chardev", "stdio,id=console,signal=off", "-serial", "chardev:console");
    }
  }

  /** The serial console appended to {@code log}; for tests and scripts. */
  record File(Path log) implements Console {
    @Override
    public List<String> qemuArguments() {
      return List.of("-chardev", "file,id=console,append=on,path=" + QemuCommand.optionValue(log), "-serial",
          "chardev:console");
    }
  }
}
