package dev.imgc.spec.check;

import dev.imgc.spec.Rule;
import dev.imgc.spec.model.ResourceLimits;
import dev.imgc.spec.yaml.SourceMap;
import java.math.BigInteger;
import java.util.Locale;

/** {@code rlimits: ["nofile,1024,4096"]}: a known limit, then soft and hard values, as LinuxKit parses them. */
final class RlimitCheck implements SemanticCheck {
  private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  @Override
  public void run(CheckContext context) {
    context.eachImage((image, entry) ->
        context.eachElement(SourceMap.child(image, "rlimits"), (pointer, node) ->
            context.text(pointer).ifPresent(text -> check(context, pointer, text))));
  }

  private static void check(CheckContext context, String pointer, String text) {
    String[] parts = text.split(",", 3);
    if (parts.length != 3) {
      context.error(pointer, Rule.RLIMIT_INVALID, "'" + text + "' is not LIMIT,SOFT,HARD (for example 'nofile,1024,4096')");
      return;
    }
    String limit = parts[0].strip().toUpperCase(Locale.ROOT).replaceFirst("^RLIMIT_", "");
    if (!ResourceLimits.NAMES.contains(limit)) {
      context.error(pointer, Rule.RLIMIT_INVALID, "unknown limit '" + parts[0].strip() + "'; known are "
          + String.join(", ", ResourceLimits.NAMES.stream().sorted().map(s -> s.toLowerCase(Locale.ROOT)).toList()));
      return;
    }
    for (int i = 1; i <= 2; i++) {
      String value = parts[i].strip();
      if (!value.equalsIgnoreCase("unlimited") && !isUint64(value)) {
        context.error(pointer, Rule.RLIMIT_INVALID,
            "'" + value + "' is not a limit value; write a whole number or 'unlimited'");
        return;
      }
    }
  }

  private static boolean isUint64(String value) {
    if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    return new BigInteger(value).compareTo(MAX_UINT64) <= 0;
  }
}
