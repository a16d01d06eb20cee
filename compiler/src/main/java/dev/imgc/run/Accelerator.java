package dev.imgc.run;

import dev.imgc.emit.Architecture;
import dev.imgc.io.TemporaryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether KVM works here. {@code /dev/kvm} can exist and open yet hang or abort a guest (nested
 * virtualisation, as on the machines imgc is tested on: SeaBIOS starts, then stalls), so the probe
 * runs a guest to the end of its firmware: with no boot device, SeaBIOS says so on its debug port
 * within a second under a working KVM. KVM runs only the host's own machine: another one is emulated (TCG).
 */
public final class Accelerator {
  private static final Path KVM = Path.of("/dev/kvm");

  private Accelerator() {}

  /** {@code kvm} when a guest of {@code architecture} runs under it, else {@code tcg}. */
  public static String probe(Architecture architecture) {
    if (!architecture.isHost() || !Files.isReadable(KVM) || !Files.isWritable(KVM)) {
      return "tcg";
    }
    TemporaryFiles temporaries = null;
    Path log = null;
    try {
      temporaries = TemporaryFiles.inSystemTemporaryDirectory();
      log = temporaries.createFile("kvm-probe-", ".log");
      Process qemu = new ProcessBuilder(List.of("qemu-system-x86_64", "-accel", "kvm", "-M", "pc", "-nodefaults",
          "-display", "none", "-debugcon", "file:" + log, "-global", "isa-debugcon.iobase=0x402"))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try {
        for (int tries = 0; tries < 30; tries++) {
          if (Files.readString(log, StandardCharsets.ISO_8859_1).contains("No bootable device")) {
            return "kvm";
          }
          Thread.sleep(100);
        }
        return "tcg";
      } finally {
        qemu.destroyForcibly();
        qemu.waitFor(2, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      return "tcg";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "tcg";
    } finally {
      if (log != null) {
        try {
          temporaries.delete(log);
        } catch (IOException e) {
          // the next imgc's sweep deletes it, once this process is gone
        }
      }
    }
  }
}
