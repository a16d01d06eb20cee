package dev.imgc.plan.runtime;

import dev.imgc.spec.model.ResourceLimits;
import java.math.BigInteger;
import java.util.Locale;

/**
 * One POSIX resource limit, read from LinuxKit's {@code NAME,SOFT,HARD} form: the name in any case,
 * with or without {@code RLIMIT_}; each value a whole number or {@code unlimited} (2^64-1).
 */
record Rlimit(String type, BigInteger soft, BigInteger hard) {
  private static final BigInteger UNLIMITED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  static Rlimit parse(String text) throws FieldProblem {
    String[] parts = text.split(",", 3);
    if (parts.length != 3) {
      throw new FieldProblem("rlimits", "'" + text + "' is not NAME,SOFT,HARD (for example 'nofile,1024,4096')");
    }
    String type = parts[0].strip().toUpperCase(Locale.ROOT);
    if (!type.startsWith("RLIMIT_")) {
      type = "RLIMIT_" + type;
    }
    if (!ResourceLimits.NAMES.contains(type.substring("RLIMIT_".length()))) {
      throw new FieldProblem("rlimits", "'" + parts[0].strip() + "' is not a resource limit Linux has (for example 'nofile')");
    }
    return new Rlimit(type, value(parts[1], text), value(parts[2], text));
  }

  private static BigInteger value(String part, String text) throws FieldProblem {
    String value = part.strip();
    if (value.equalsIgnoreCase("unlimited")) {
      return UNLIMITED;
    }
    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      BigInteger number = new BigInteger(value);
      if (number.compareTo(UNLIMITED) <= 0) {
        return number;
      }
    }
    throw new FieldProblem("rlimits", "'" + value + "' in '" + text + "' is neither a whole number below 2^64 nor 'unlimited'");
  }
}
