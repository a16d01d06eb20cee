package dev.imgc.spec.check;

import dev.imgc.spec.Rule;
import dev.imgc.spec.Suggestions;
import dev.imgc.spec.model.LinuxCapabilities;
import dev.imgc.spec.yaml.SourceMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Capabilities, as LinuxKit reads them: each is {@code CAP_} and a Linux capability in capitals, or
 * the list is the single word {@code all} or {@code none} (in any case).
 */
final class CapabilityCheck implements SemanticCheck {
  private static final List<String> FIELDS = List.of("capabilities", "capabilities.add", "ambient");

  private static final Set<String> KNOWN = Set.copyOf(LinuxCapabilities.ALL);

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
