package dev.imgc.spec.check;

import dev.imgc.spec.Rule;
import dev.imgc.spec.Suggestions;
import dev.imgc.spec.yaml.SourceMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Capabilities, as LinuxKit reads them: each is {@code CAP_} and a Linux capability in capitals, or
 * the list is the single word {@code all} or {@code none} (in any case).
 */
final class CapabilityCheck implements SemanticCheck {
  private static final List<String> FIELDS = List.of("capabilities", "capabilities.add", "ambient");

  /** Every capability of Linux 6.x (capability.h), the set LinuxKit's capability library knows. */
  static final Set<String> KNOWN =
      Set.of(
              "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
              "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
              "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
              "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
              "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
              "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE")
          .stream()
          .map(name -> "CAP_" + name)
          .collect(Collectors.toUnmodifiableSet());

  @Override
  public void run(CheckContext context) {
    context.eachImage((image, entry) -> {
      for (String field : FIELDS) {
        String list = SourceMap.child(image, field);
        int size = context.at(list).size();
        context.eachElement(list, (pointer, value) -> context.text(pointer).ifPresent(cap -> check(context, pointer, cap, size)));
      }
    });
  }

  private static void check(CheckContext context, String pointer, String cap, int listSize) {
    String lower = cap.toLowerCase(Locale.ROOT);
    if (lower.equals("all") || lower.equals("none")) {
      if (listSize > 1) {
        context.error(pointer, Rule.CAPABILITY_UNKNOWN,
            "'" + cap + "' only means " + lower + " capabilities as the single entry of its list; list capabilities or write just '" + lower + "'");
      }
      return;
    }
    if (KNOWN.contains(cap)) {
      return;
    }
    String upper = cap.toUpperCase(Locale.ROOT);
    String guess = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
    String hint = KNOWN.contains(guess) ? "; write '" + guess + "'" : Suggestions.didYouMean(guess, KNOWN);
    context.error(pointer, Rule.CAPABILITY_UNKNOWN, "unknown capability '" + cap + "'" + hint);
  }
}
