package dev.imgc.run;

import java.nio.file.Path;
import java.util.List;

/** Where the guest's serial console goes: this terminal (as {@code linuxkit run qemu}), or a file. */
public sealed interface Console permits Console.Terminal, Console.File {
  List<String> qemuArguments();

  /** The serial console and QEMU's monitor on standard input and output; {@code Ctrl-a x} quits. */
  record Terminal() implements Console {
    @Override
    public List<String> qemuArguments() {
      return List.of("-nographic");
    }
  }

  /** The serial console written to {@code log}, no display; for tests and scripts. */
  record File(Path log) implements Console {
    @Override
    public List<String> qemuArguments() {
      return List.of("-display", "none", "-serial", "file:" + log);
    }
  }
}
