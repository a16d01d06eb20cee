package dev.imgc.spec.check;

import dev.imgc.spec.Rule;
import dev.imgc.spec.yaml.SourceMap;
import java.util.regex.Pattern;

/** {@code files[].mode} and {@code devices[].mode}: octal permission bits, as LinuxKit parses them. */
final class ModeCheck implements SemanticCheck {
  private static final Pattern OCTAL = Pattern.compile("0*[0-7]{1,4}");

  @Override
  public void run(CheckContext context) {
    context.eachElement("/files", (pointer, node) -> check(context, SourceMap.child(pointer, "mode")));
    context.eachImage((image, node) ->
        context.eachElement(SourceMap.child(image, "devices"), (device, d) -> check(context, SourceMap.child(device, "mode"))));
  }

  private static void check(CheckContext context, String pointer) {
    context.text(pointer).ifPresent(mode -> {
      if (!OCTAL.matcher(mode).matches()) {
        context.error(pointer, Rule.MODE_INVALID, "'" + mode + "' is not an octal mode; write it like \"0644\" (at most 07777)");
      }
    });
  }
}
