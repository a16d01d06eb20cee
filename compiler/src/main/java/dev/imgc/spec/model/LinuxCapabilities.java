package dev.imgc.spec.model;

import java.util.List;

/** The capabilities a spec may name, those of Linux 6.x (capability.h), which LinuxKit's capability library knows. */
public final class LinuxCapabilities {
  /**
   * Every capability LinuxKit's capability library (moby/sys/capability v0.4.0) knows, in kernel
   * number order, which is the order {@code all} expands to.
   */
  public static final List<String> ALL =
      List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
              "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
              "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
              "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
              "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
              "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE")
          .stream()
          .map(name -> "CAP_" + name)
          .toList();

  private LinuxCapabilities() {}
}
