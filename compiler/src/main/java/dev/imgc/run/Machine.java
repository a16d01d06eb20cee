package dev.imgc.run;

import java.nio.file.Path;
import java.util.List;

/**
 * The virtual machine an artifact boots in.
 *
 * @param memoryMiB guest memory
 * @param publish ports forwarded from 127.0.0.1 on the host to the guest (user networking)
 * @param disks extra raw disks, attached as virtio block devices in order
 * @param uefi boot with OVMF rather than SeaBIOS (always, for the EFI formats)
 * @param accelerator {@code kvm} or {@code tcg}
 */
public record Machine(int memoryMiB, int cpus, List<PortForward> publish, List<Path> disks, boolean uefi,
    String accelerator) {
  public Machine {
    publish = List.copyOf(publish);
    disks = List.copyOf(disks);
  }

  /** This machine run with the accelerator {@code other} instead. */
  public Machine withAccelerator(String other) {
    return new Machine(memoryMiB, cpus, publish, disks, uefi, other);
  }

  /** {@code HOSTPORT:GUESTPORT}, TCP, bound to 127.0.0.1 on the host. */
  public record PortForward(int hostPort, int guestPort) {
    public static PortForward parse(String text) {
      String[] parts = text.split(":", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException("--publish takes HOSTPORT:GUESTPORT, not '" + text + "'");
      }
      return new PortForward(port(parts[0], text), port(parts[1], text));
    }

    private static int port(String digits, String text) {
      try {
        int port = Integer.parseInt(digits);
        if (port >= 1 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below with the whole argument
      }
      throw new IllegalArgumentException("'" + text + "' holds a port that is not a number from 1 to 65535");
    }
  }

}
