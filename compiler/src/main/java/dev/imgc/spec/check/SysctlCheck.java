package dev.imgc.spec.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.spec.Rule;
import dev.imgc.spec.yaml.SourceMap;
import java.util.Iterator;
import java.util.regex.Pattern;

/**
 * {@code sysctl: {net.ipv4.ip_forward: "1"}}: a key is a dotted (or slashed) path under
 * {@code /proc/sys}, and a value is one line of text.
 */
final class SysctlCheck implements SemanticCheck {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+([./][A-Za-z0-9_*-]+)*");

  @Override
  public void run(CheckContext context) {
    context.eachImage((image, entry) -> {
      String map = SourceMap.child(image, "sysctl");
      JsonNode sysctl = context.at(map);
      for (Iterator<String> keys = sysctl.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        String pointer = SourceMap.child(map, key);
        if (!KEY.matcher(key).matches()) {
          context.errorAtKey(pointer, Rule.SYSCTL_INVALID,
              "'" + key + "' is not a sysctl name; write it as under /proc/sys, for example net.ipv4.ip_forward");
        }
        context.text(pointer).ifPresent(value -> {
          if (value.isBlank() || value.indexOf('\n') >= 0) {
            context.error(pointer, Rule.SYSCTL_INVALID, "the value of sysctl '" + key + "' must be one non-empty line");
          }
        });
      }
    });
  }
}
