package dev.imgc.spec.check;

import dev.imgc.spec.Rule;
import dev.imgc.spec.yaml.SourceMap;

/**
 * {@code binds}/{@code binds.add} ({@code src:dst[:opts]}) and {@code tmpfs} ({@code dst[:opts]}), split
 * on ':' as LinuxKit splits them; a destination inside a container is an absolute path.
 */
final class MountCheck implements SemanticCheck {
  @Override
  public void run(CheckContext context) {
    context.eachImage((image, entry) -> {
      for (String field : new String[] {"binds", "binds.add"}) {
        context.eachElement(SourceMap.child(image, field), (pointer, node) ->
            context.text(pointer).ifPresent(text -> checkBind(context, pointer, text)));
      }
      context.eachElement(SourceMap.child(image, "tmpfs"), (pointer, node) ->
          context.text(pointer).ifPresent(text -> checkTmpfs(context, pointer, text)));
    });
  }

  private static void checkBind(CheckContext context, String pointer, String text) {
    String[] parts = text.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      context.error(pointer, Rule.BIND_INVALID, "'" + text + "' is not SOURCE:DESTINATION[:OPTIONS] (for example '/var:/var:rshared,rbind')");
    } else if (parts[0].isEmpty()) {
      context.error(pointer, Rule.BIND_INVALID, "the bind '" + text + "' has no source before the first ':'");
    } else if (!parts[1].startsWith("/")) {
      context.error(pointer, Rule.BIND_INVALID, "the bind destination '" + parts[1] + "' must be an absolute path");
    } else if (parts.length == 3 && parts[2].isEmpty()) {
      context.error(pointer, Rule.BIND_INVALID, "the bind '" + text + "' ends with ':' but names no options");
    }
  }

  private static void checkTmpfs(CheckContext context, String pointer, String text) {
    String[] parts = text.split(":", -1);
    if (parts.length > 2) {
      context.error(pointer, Rule.TMPFS_INVALID, "'" + text + "' is not DESTINATION[:OPTIONS]; it has more than one ':'");
    } else if (!parts[0].startsWith("/")) {
      context.error(pointer, Rule.TMPFS_INVALID, "the tmpfs destination '" + parts[0] + "' must be an absolute path");
    }
  }
}
