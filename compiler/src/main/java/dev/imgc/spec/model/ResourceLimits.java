package dev.imgc.spec.model;

import java.util.Set;

/** The POSIX resource limits a spec's {@code rlimits} may name, those Linux has. */
public final class ResourceLimits {
  /** Their names without {@code RLIMIT_}, in capitals. */
  public static final Set<String> NAMES =
      Set.of("CPU", "FSIZE", "DATA", "STACK", "CORE", "RSS", "NPROC", "NOFILE", "MEMLOCK", "AS", "LOCKS",
          "SIGPENDING", "MSGQUEUE", "NICE", "RTPRIO", "RTTIME");

  private ResourceLimits() {}
}
