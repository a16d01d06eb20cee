package dev.imgc.spec.check;

import dev.imgc.spec.Rule;
import dev.imgc.spec.yaml.SourceMap;
import java.util.List;
import java.util.Set;

/**
 * Namespaces, as the OCI runtime takes what LinuxKit makes of them: {@code host} (or {@code root})
 * shares the host's, {@code new} (and {@code none} for net) makes one, an empty value leaves the
 * default, and anything else is the path of a namespace to join, which runc refuses unless absolute.
 */
final class NamespaceCheck implements SemanticCheck {
  private static final List<String> FIELDS = List.of("net", "pid", "ipc", "uts", "userns");
  private static final Set<String> WORDS = Set.of("host", "root", "new", "none", "");

  @Override
  public void run(CheckContext context) {
    context.eachImage((image, entry) -> {
      for (String field : FIELDS) {
        String pointer = SourceMap.child(image, field);
        context.text(pointer).filter(value -> !WORDS.contains(value) && !value.startsWith("/")).ifPresent(value ->
            context.error(pointer, Rule.NAMESPACE_INVALID, "'" + value + "' is not a namespace: write host, new, none"
                + " or the absolute path of a namespace to join (such as /run/netns/NAME)"));
      }
    });
  }
}
